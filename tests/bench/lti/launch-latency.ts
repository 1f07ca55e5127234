import { Worker } from 'node:worker_threads';
import { databaseKinds, type DatabaseKind, type TestDatabase } from '@margins/lti-tool/testing/databases';
import { CookieJar, LIS, startTestPlatform, type TestPlatform } from '../../platform/index.js';
import { sessionToken } from '../../support/lti-stack.js';

/**
 * Launch latency: login initiation + launch + first API call, as one user and as 50 concurrent users,
 * on SQLite and PostgreSQL, for Margins and for plain ltijs 5.9.9 (the baseline), in one run behind the
 * same test platform. "Server time" is the time the tool spent on its own requests of one flow (from
 * the request event to the end of the response, summed); "client time" is the whole flow as the
 * browser-less driver saw it, platform authorization step included. Loopback only, bounded.
 *
 * Run: pnpm --filter @margins/tests bench:lti   (PostgreSQL when TEST_DATABASE_URL or BENCH_DATABASE_URL is set)
 */

const FLOWS_SINGLE = Number(process.env.BENCH_FLOWS_SINGLE ?? 100);
const USERS = Number(process.env.BENCH_USERS ?? 50);
const FLOWS_PER_USER = Number(process.env.BENCH_FLOWS_PER_USER ?? 4);
const WARMUP = 10;
/** Launches per second in the open-loop scenario (50 users taking turns). */
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 25);

interface ToolUrls {
  login: string;
  launch: string;
  keys: string;
  base: string;
}

/** The tool under test, running in its own worker thread (see tool-worker.ts). */
class ToolThread {
  private readonly worker: Worker;
  private readonly waiting: ((m: { type: string; [k: string]: unknown }) => void)[] = [];

  constructor(
    readonly which: 'margins' | 'plain',
    db: TestDatabase,
  ) {
    this.worker = new Worker(new URL('./tool-worker.mjs', import.meta.url), {
      workerData: { which, db: { target: db.target, dataDir: db.dataDir } },
    });
    this.worker.on('message', (m: { type: string; message?: string }) => {
      if (m.type === 'error') console.error(`  tool thread: ${m.message}`);
      this.waiting.shift()?.(m);
    });
    this.worker.on('error', (e) => console.error(`  tool thread crashed: ${e.message}`));
  }

  private next<T>(): Promise<T> {
    return new Promise((resolve) => this.waiting.push(resolve as (m: unknown) => void));
  }

  async ready(): Promise<ToolUrls> {
    return (await this.next<{ urls: ToolUrls }>()).urls;
  }

  async call<T>(msg: unknown): Promise<T> {
    const p = this.next<T>();
    this.worker.postMessage(msg);
    return p;
  }

  async close(): Promise<void> {
    await this.call({ type: 'close' });
    await this.worker.terminate();
  }
}

function pct(values: number[], p: number): number {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

/** The first API call after the launch, with the credential each tool hands out. */
async function firstCall(
  which: 'margins' | 'plain',
  base: string,
  body: string,
  f: (u: string, init?: RequestInit) => Promise<Response>,
): Promise<number> {
  const res =
    which === 'margins'
      ? await f(`${base}/api/v1/library?limit=25`, { headers: { authorization: `Bearer ${sessionToken(body)}` } })
      : await f(`${base}/api/first`, {
          headers: { authorization: `Bearer ${(JSON.parse(body) as { ltik: string }).ltik}` },
        });
  await res.arrayBuffer();
  return res.status;
}

/** One flow: launch (login + platform + launch) then the first API call; returns its key and client time. */
async function oneFlow(
  platform: TestPlatform,
  tool: ToolThread,
  base: string,
  clientId: string,
  user: string,
  flow: string,
): Promise<number> {
  const jar = new CookieJar();
  jar.set(base, `bench_flow=${flow}; Path=/`);
  const started = performance.now();
  const res = await platform.launch({ clientId, user, course: 'math-7', cookies: jar });
  if (res.status !== 200) throw new Error(`launch ${res.status}: ${res.body.slice(0, 200)}`);
  const status = await firstCall(tool.which, base, res.body, res.fetch);
  if (status !== 200) throw new Error(`first API call ${status}`);
  return performance.now() - started;
}

interface Outcome {
  client: number[];
  server: number[];
  failures: number;
  /** Completed flows per second over the scenario. */
  rate: number;
}

/**
 * Closed loop (`paceMs` undefined): every user runs `flowsPerUser` flows back to back, all users at once.
 * Open loop (`paceMs`): flows start every `paceMs` ms regardless of answers, users taking turns.
 */
async function runFlows(
  platform: TestPlatform,
  tool: ToolThread,
  base: string,
  clientId: string,
  users: string[],
  flowsPerUser: number,
  tag: string,
  paceMs?: number,
): Promise<Outcome> {
  const client: number[] = [];
  const flows: string[] = [];
  let failures = 0;
  const attempt = async (user: string, flow: string) => {
    try {
      client.push(await oneFlow(platform, tool, base, clientId, user, flow));
      flows.push(flow);
    } catch (e) {
      failures++;
      if (failures <= 3) console.error(`  ${tool.which}: ${(e as Error).message}`);
    }
  };
  const started = performance.now();
  if (paceMs === undefined) {
    await Promise.all(
      users.map(async (user) => {
        for (let i = 0; i < flowsPerUser; i++) await attempt(user, `${tag}-${user}-${i}`);
      }),
    );
  } else {
    const total = users.length * flowsPerUser;
    await Promise.all(
      Array.from(
        { length: total },
        (_, i) =>
          new Promise<void>((resolve) =>
            setTimeout(() => void attempt(users[i % users.length]!, `${tag}-${i}`).then(resolve), i * paceMs),
          ),
      ),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const { times } = await tool.call<{ times: Record<string, number> }>({ type: 'times' });
  return { client, server: flows.map((f) => times[f] ?? NaN), failures, rate: client.length / seconds };
}

async function bench(kind: DatabaseKind, which: 'margins' | 'plain') {
  const db = await kind.create();
  const platform = await startTestPlatform();
  const tool = new ToolThread(which, db);
  try {
    const urls = await tool.ready();
    const pc = platform.registerTool({
      deploymentIds: ['dep-1'],
      oidcLoginUrl: urls.login,
      targetLinkUri: urls.launch,
      redirectUris: [urls.launch],
      jwksUrl: urls.keys,
    });
    await tool.call({
      type: 'register',
      platform: {
        issuer: pc.issuer,
        clientId: pc.clientId,
        authorizationEndpoint: pc.authorizationEndpoint,
        tokenEndpoint: pc.tokenEndpoint,
        jwksUrl: pc.jwksUrl,
      },
    });
    const users = Array.from({ length: USERS }, (_, i) => `bench-${i + 1}`);
    for (const sub of users) platform.addUser({ sub, name: `Bench Teacher ${sub}`, roles: [LIS.Instructor] });
    const course = platform.courses.find((c) => c.id === 'math-7')!;
    platform.addCourse({ ...course, members: [...course.members, ...users] });
    await runFlows(platform, tool, urls.base, pc.clientId, ['ana'], WARMUP, 'warm');
    const one = await runFlows(platform, tool, urls.base, pc.clientId, ['ana'], FLOWS_SINGLE, 'one');
    const many = await runFlows(platform, tool, urls.base, pc.clientId, users, FLOWS_PER_USER, 'many');
    const paced = await runFlows(
      platform,
      tool,
      urls.base,
      pc.clientId,
      users,
      FLOWS_PER_USER,
      'paced',
      1000 / PACED_RATE,
    );
    return { one, many, paced };
  } finally {
    await tool.close();
    await platform.close();
    await db.drop();
  }
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1).padStart(7) : '    n/a');

async function main(): Promise<void> {
  if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const rows: string[] = [];
  for (const kind of databaseKinds()) {
    for (const which of ['margins', 'plain'] as const) {
      process.stderr.write(`  running ${kind.name} ${which === 'margins' ? 'Margins' : 'plain ltijs'}…\n`);
      const r = await bench(kind, which);
      for (const [label, x] of [
        ['1 user', r.one],
        [`${USERS} users`, r.many],
        [`${USERS} at ${PACED_RATE}/s`, r.paced],
      ] as const) {
        rows.push(
          `${kind.name.padEnd(9)} ${(which === 'margins' ? 'Margins' : 'plain ltijs').padEnd(12)} ${label.padEnd(14)} ${String(x.client.length).padStart(5)} ${String(x.failures).padStart(4)} ${x.rate.toFixed(0).padStart(7)}  ${fmt(pct(x.server, 50))} ${fmt(pct(x.server, 99))}   ${fmt(pct(x.client, 50))} ${fmt(pct(x.client, 99))}`,
        );
      }
    }
  }
  process.stdout.write(`
Launch latency: login + launch + first API call (ms). Server time = the tool's own requests of one flow
(queueing inside the tool included); client time = the whole flow, platform included.
"${USERS} users": closed loop, ${USERS} users launching back to back at once (${FLOWS_PER_USER} flows each).
"${USERS} at ${PACED_RATE}/s": open loop, a launch every ${(1000 / PACED_RATE).toFixed(0)} ms, the ${USERS} users taking turns.
Target (Margins, 50 concurrent users): server p50 < 30 ms, p99 < 100 ms. Machine: 2 shared cores, noisy.

database  tool         scenario       flows fail flows/s   server p50  p99     client p50  p99
${rows.join('\n')}
`);
  if (!process.env.TEST_DATABASE_URL)
    process.stdout.write('PostgreSQL skipped: set TEST_DATABASE_URL (or BENCH_DATABASE_URL) to include it.\n');
}

void main();
