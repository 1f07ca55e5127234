import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { openDb } from '@margins/lti-tool/data/db';
import { SyncRepo } from '@margins/lti-tool/data/sync-repo';
import { spawnTool } from '../../support/tool-process.js';
import {
  CLIENTS,
  closedLoop,
  httpLookup,
  openLoop,
  pairViewers,
  randomPage,
  RATE,
  SECONDS,
  SECRET,
  type Figures,
} from './load.js';
import { ensureSeed, SEED, type Seeded } from './seed.js';

/**
 * The page lookup of issue 6 among 1,000,000 stored adaptations, SQLite and PostgreSQL:
 * - through HTTP: GET /api/v1/pages/adaptations with a paired browser's token, the tool in its own
 *   process (as in production: access-token check against the device row, visibility in SQL, social
 *   proof, JSON), 50 concurrent keep-alive clients on loopback;
 * - the same SQL run directly on the database (the statements the API issues for one lookup: the
 *   page query and the three social-proof queries), at 50 concurrent callers and at 1: the floor.
 * Prints p50 / p99 latency and requests per second, next to the targets (p99 < 20 ms; issue 17: the API
 * at most 2x the raw query). Not a test: run it with `pnpm --filter @margins/tests bench:sync`.
 */

const PROFILE_DIR = process.env.BENCH_CPU_PROF;

/** How many adaptations the first-pull figure fetches (the extension's initial-pull target is about 10,000). */
const PULL_COUNT = 10_000;

/** Seconds for one browser to pull its first PULL_COUNT adaptations from an empty cursor, pages of 500 and of 1,000. */
async function firstPull(
  url: string,
  agent: Agent,
  token: string,
): Promise<{ limit: number; seconds: number; adaptations: number; bytes: number }[]> {
  const out = [];
  for (const limit of [500, 1000]) {
    let cursor = '';
    let adaptations = 0;
    let bytes = 0;
    const t0 = performance.now();
    while (adaptations < PULL_COUNT) {
      const q = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
      const body = await new Promise<string>((resolve, reject) => {
        const req = request(
          new URL(`/api/v1/sync/pull?${q}`, url),
          { agent, headers: { authorization: `Bearer ${token}` } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              res.statusCode === 200
                ? resolve(Buffer.concat(chunks).toString())
                : reject(new Error(`pull answered ${res.statusCode}`)),
            );
          },
        );
        req.on('error', reject);
        req.end();
      });
      bytes += Buffer.byteLength(body);
      const page = JSON.parse(body) as { changes: unknown[]; cursor: string; hasMore: boolean };
      adaptations += page.changes.length;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    out.push({ limit, seconds: (performance.now() - t0) / 1000, adaptations, bytes });
  }
  return out;
}

async function benchKind(
  kind: 'sqlite' | 'postgres',
  log: (s: string) => void,
): Promise<{
  kind: string;
  seeded: Seeded;
  api: Figures;
  raw50: Figures;
  raw1: Figures;
  apiOpen: Figures;
  rawOpen: Figures;
  pull: Awaited<ReturnType<typeof firstPull>>;
}> {
  const seeded = await ensureSeed(kind, log);
  log(`${kind}: ${seeded.reused ? 'reusing the cached seed' : `seeded in ${Math.round(seeded.seconds)} s`}`);
  const db = openDb(seeded.target);
  const viewers = await pairViewers(db, seeded.teachers);

  // The same statements the API runs for one lookup, straight on the database.
  const sync = new SyncRepo(db);
  const rawLookup = async (c: number) => {
    const v = viewers[c % viewers.length]!.viewer;
    const rows: unknown[] = await sync.pageQuery(v, randomPage());
    return rows.length;
  };
  log(`${kind}: raw SQL, 1 caller…`);
  const raw1 = await closedLoop(1, Math.max(5, SECONDS / 2), rawLookup);
  log(`${kind}: raw SQL, ${CLIENTS} callers…`);
  const raw50 = await closedLoop(CLIENTS, SECONDS, rawLookup);
  log(`${kind}: raw SQL, open loop ${RATE}/s…`);
  const rawOpen = await openLoop(RATE, SECONDS, rawLookup);

  log(`${kind}: through HTTP, ${CLIENTS} clients…`);
  const tool = await spawnTool({
    MARGINS_SECRET: SECRET,
    DATA_DIR: seeded.dataDir,
    ...(seeded.target.kind === 'postgres' ? { DATABASE_URL: seeded.target.url } : {}),
    ACCESS_TOKEN_SECONDS: '3600',
    RATE_LIMIT_PER_MINUTE: '1000000',
    EXTENSION_RATE_LIMIT_PER_MINUTE: '1000000',
    // BENCH_CPU_PROF=<dir>: the tool writes a V8 CPU profile of its whole run there (open it in Chrome's DevTools).
    ...(PROFILE_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${PROFILE_DIR}` } : {}),
  });
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  try {
    const lookup = (c: number) => httpLookup(tool.url, agent, viewers[c]!.token, randomPage());
    const api = await closedLoop(CLIENTS, SECONDS, lookup, tool.child.pid);
    log(`${kind}: through HTTP, open loop ${RATE}/s…`);
    const apiOpen = await openLoop(RATE, SECONDS, lookup);
    log(`${kind}: first pull of ${i(PULL_COUNT)} adaptations…`);
    const pull = await firstPull(tool.url, agent, viewers[0]!.token);
    return { kind, seeded, api, raw50, raw1, apiOpen, rawOpen, pull };
  } finally {
    agent.destroy();
    if (PROFILE_DIR) {
      // The profile is written when the process exits on its own: stop it as an operator would.
      const exited = new Promise((r) => tool.child.once('exit', r));
      tool.child.kill('SIGTERM');
      await exited;
    } else await tool.kill();
    await db.knex('devices').where('name', 'like', 'bench %').del();
    await db.close();
  }
}

const f = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const i = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const wanted = (process.env.BENCH_KINDS ?? 'sqlite,postgres').split(',');
  const kinds = (['sqlite', 'postgres'] as const).filter(
    (k) => wanted.includes(k) && (k === 'sqlite' || !!process.env.TEST_DATABASE_URL),
  );
  if (!process.env.TEST_DATABASE_URL) log('TEST_DATABASE_URL is not set: PostgreSQL rows skipped.');
  const results = [];
  const loads = [loadavg()[0]!];
  for (const kind of kinds) results.push(await benchKind(kind, log));
  loads.push(loadavg()[0]!);

  const row = (db: string, path: string, load: string, x: Figures) =>
    `| ${db.padEnd(8)} | ${path.padEnd(24)} | ${load.padEnd(23)} | ${f(x.p50).padStart(7)} | ${f(x.p99).padStart(7)} | ${i(x.rps).padStart(6)} | ${x.rowsPerLookup.toFixed(1).padStart(5)} |`;
  const closed = `${CLIENTS} clients, closed loop`;
  const open = `${RATE}/s open loop`;
  const lines = [
    `Page lookup among ${i(SEED.adaptations)} adaptations (${SEED.tenants} districts, ${i(SEED.pages)} pages) on loopback, ${SECONDS} s per row`,
    '',
    '| database | path                     | load                    |  p50 ms |  p99 ms |  req/s |  rows |',
    '| -------- | ------------------------ | ----------------------- | ------: | ------: | -----: | ----: |',
  ];
  for (const r of results) {
    lines.push(row(r.kind, 'HTTP API', closed, r.api));
    lines.push(row(r.kind, 'same SQL on the database', closed, r.raw50));
    lines.push(row(r.kind, 'HTTP API', open, r.apiOpen));
    lines.push(row(r.kind, 'same SQL on the database', open, r.rawOpen));
    lines.push(row(r.kind, 'same SQL on the database', '1 caller, closed loop', r.raw1));
  }
  lines.push(
    '',
    `First pull through HTTP by one browser (snapshot pages; the extension's own bench adds storing them):`,
  );
  for (const r of results)
    for (const p of r.pull)
      lines.push(
        `- ${r.kind}, pages of ${p.limit}: ${i(p.adaptations)} adaptations in ${p.seconds.toFixed(2)} s (${(p.bytes / 1e6).toFixed(1)} MB of JSON)`,
      );
  lines.push(
    '',
    'Targets: API p99 < 20 ms, and (issue 17) the API at most 2x the same SQL run directly at the same load.',
    `Load average (1 min) here: ${loads.map((l) => l.toFixed(1)).join(' at the start, ')} at the end (other work shares the 2 cores).`,
  );
  const cpu: string[] = [];
  for (const r of results) {
    for (const [label, api, raw] of [
      [closed, r.api, r.raw50],
      [open, r.apiOpen, r.rawOpen],
    ] as const) {
      const ratio = api.p99 / raw.p99;
      const p50 = api.p50 / raw.p50;
      const rps = label === closed ? ` and ${(raw.rps / api.rps).toFixed(2)}x its time per request (throughput)` : '';
      if (label === closed)
        cpu.push(
          `- ${r.kind}: CPU per lookup (closed loop): the direct query ${f(raw.selfCpuMs!)} ms in the driver; the API ${f(api.pidCpuMs!)} ms in the tool process (${(api.pidCpuMs! / raw.selfCpuMs!).toFixed(2)}x), plus ${f(api.selfCpuMs!)} ms in the load generator's HTTP client. PostgreSQL's own time is the same query in both.`,
        );
      lines.push(
        `- ${r.kind}, ${label}: API p99 ${f(api.p99)} ms (${api.p99 < 20 ? 'meets' : 'MISSES'} < 20 ms), ${ratio.toFixed(2)}x the direct SQL p99 (${ratio <= 2 ? 'meets' : 'MISSES'} <= 2x), ${p50.toFixed(2)}x its p50${rps}.`,
      );
    }
  }
  lines.push(...cpu);
  lines.push(
    '',
    '"HTTP API" is GET /api/v1/pages/adaptations with a paired browser\'s token, the tool in its own process (token and device check,',
    'visibility in SQL, social proof, author-name rule, zod on the way out, JSON, a log line). "Same SQL" is the one query the API runs',
    'for a lookup, run through the same driver. The load generator shares the 2 cores with the tool and with other work: compare rows',
    'of one run, not runs. Closed loop: each client sends its next lookup as soon as the last one is answered (latency = service + queue).',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
