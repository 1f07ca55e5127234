import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { openDb } from '@margins/lti-tool/data/db';
import { spawnTool, type ToolProcess } from '../../support/tool-process.js';
import { CLIENTS, closedLoop, cpuSeconds, httpLookup, pairViewers, randomPage, SECONDS, SECRET } from './load.js';
import { ensureSeed } from './seed.js';

/**
 * Page lookups per second with one tool process and with two on the same PostgreSQL (issue 17, item 6):
 * the sync benchmark's seed and paired browsers, 50 keep-alive clients in a closed loop, first all on
 * one process, then split between two (client-side, every other client; a proxy would add its own
 * cost). Prints the throughput ratio and where the machine's CPU went: the load generator (this
 * process), the tool processes, and the rest (PostgreSQL and other work), as shares of the 2 cores.
 * Not a test: `TEST_DATABASE_URL=… pnpm --filter @margins/tests bench:sync-processes`.
 */

const CORES = 2;

async function measure(tools: ToolProcess[], viewers: { token: string }[]) {
  const agents = tools.map(() => new Agent({ keepAlive: true, maxSockets: CLIENTS }));
  const lookup = (c: number) =>
    httpLookup(tools[c % tools.length]!.url, agents[c % tools.length]!, viewers[c]!.token, randomPage());
  const pids = tools.map((t) => t.child.pid!);
  const tool0 = pids.map(cpuSeconds);
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  const figures = await closedLoop(CLIENTS, SECONDS, lookup);
  const wall = (performance.now() - t0) / 1000;
  const self = process.cpuUsage(self0);
  const toolCpu = pids.map((p, i) => cpuSeconds(p) - tool0[i]!).reduce((a, b) => a + b, 0);
  for (const a of agents) a.destroy();
  const share = (s: number) => `${((s / (wall * CORES)) * 100).toFixed(0)}%`;
  return {
    figures,
    generator: share((self.user + self.system) / 1e6),
    tools: share(toolCpu),
  };
}

async function main(): Promise<void> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  if (!process.env.TEST_DATABASE_URL) throw new Error('Set TEST_DATABASE_URL: several processes share PostgreSQL.');
  const seeded = await ensureSeed('postgres', log);
  const db = openDb(seeded.target);
  const viewers = await pairViewers(db, seeded.teachers);
  const env = {
    MARGINS_SECRET: SECRET,
    DATA_DIR: seeded.dataDir,
    DATABASE_URL: (seeded.target as { url: string }).url,
    ACCESS_TOKEN_SECONDS: '3600',
    RATE_LIMIT_PER_MINUTE: '1000000',
    EXTENSION_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const tools = [await spawnTool(env), await spawnTool(env)];
  const load0 = loadavg()[0]!;
  try {
    log(`one process, ${CLIENTS} clients…`);
    const one = await measure(tools.slice(0, 1), viewers);
    log(`two processes, ${CLIENTS} clients split between them…`);
    const two = await measure(tools, viewers);
    const row = (n: string, m: typeof one) =>
      `| ${n} | ${Math.round(m.figures.rps)} | ${m.figures.p50.toFixed(1)} / ${m.figures.p99.toFixed(1)} | ${m.tools} | ${m.generator} |`;
    console.log(
      [
        `Page lookups, ${CLIENTS} clients in a closed loop, ${SECONDS} s each, PostgreSQL (load average ${load0.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)})`,
        '',
        '| tool processes | lookups/s | p50 / p99 ms | tool CPU (of 2 cores) | load generator CPU (of 2 cores) |',
        '| --- | ---: | ---: | ---: | ---: |',
        row('1', one),
        row('2', two),
        '',
        `Two processes answer ${(two.figures.rps / one.figures.rps).toFixed(2)}x the lookups of one.`,
      ].join('\n'),
    );
  } finally {
    for (const t of tools) await t.kill();
    await db.knex('devices').where('name', 'like', 'bench %').del();
    await db.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
