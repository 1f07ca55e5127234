import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { startTestTool } from '@margins/lti-tool/testing/tool';
import { startTestPlatform } from '../../platform/index.js';
import { databaseKinds } from '../../support/lti-stack.js';
import { nginxAvailable, startNginx } from '../../support/nginx.js';
import { freePort, spawnTool, type ToolProcess } from '../../support/tool-process.js';
import { cpuSeconds } from '../sync/load.js';

/**
 * LTI launches per second with one tool process and with two on the same PostgreSQL (issue 17, item 6),
 * behind nginx on loopback in both cases (the tools' PUBLIC_URL is the proxy's address, so a launch's
 * login and its id_token post may land on different processes, as in production). A launch is the
 * OIDC login initiation, the platform's authorization step and the POST of the id_token, signed
 * (RS256) by the stand-in platform (tests/platform), whose answer must be the launched page (200).
 * `BENCH_LAUNCH_CLIENTS` launchers (default 8) in a closed loop, each a fresh browser-less cookie jar
 * per launch, for `BENCH_SECONDS` (default 10) after `BENCH_WARMUP_SECONDS` (default 3), over the
 * seeded people and courses of the platform, one process then two, `BENCH_ROUNDS` times (default 2). The platform runs in this process: its work (signing
 * each id_token, serving its pages) counts as the load generator's, with the driver's HTTP.
 * Not a test: `TEST_DATABASE_URL=… pnpm --filter @margins/tests bench:lti-processes` (needs nginx).
 */

const CORES = 2;
const CLIENTS = Number(process.env.BENCH_LAUNCH_CLIENTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
/** One process, then two, this many times (alternating, so other work on the machine weighs on both alike). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Launches in flight are bounded by the clients and the time; this bounds their number per measurement too. */
const MAX_LAUNCHES = 20_000;
const SECRET = 'bench-launch-secret-bench-launch-secret-01';
/** Who launches where: members of the platform's seeded courses (tests/platform/roster.ts). */
const LAUNCHES = [
  ['ana', 'math-7'],
  ['ben', 'math-7'],
  ['eli', 'math-7'],
  ['sam', 'math-7'],
  ['ana', 'ela-plc'],
  ['chloe', 'ela-plc'],
  ['ben', 'ela-plc'],
] as const;

/**
 * CPU seconds of every PostgreSQL process on the machine by pid (the tools' pooled backends live through a
 * measurement; other work's backends are counted too, so this is an upper bound of the tools' share).
 */
function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') out.set(Number(d), cpuSeconds(Number(d)));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function pct(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const postgres = databaseKinds().find((k) => k.name === 'postgres');
  if (!postgres) throw new Error('Set TEST_DATABASE_URL: several processes share PostgreSQL.');
  if (!nginxAvailable()) throw new Error('nginx is not installed (apt-get install nginx-light).');
  const db = await postgres.create();
  const proxyPort = await freePort();
  const proxyUrl = `http://127.0.0.1:${proxyPort}`;
  const env = {
    MARGINS_SECRET: SECRET,
    MARGINS_BADGE_KEK: randomBytes(32).toString('base64'),
    DATA_DIR: db.dataDir,
    DATABASE_URL: (db.target as { url: string }).url,
    PUBLIC_URL: proxyUrl,
    TRUST_PROXY: 'true',
    RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const platform = await startTestPlatform();
  const tools: ToolProcess[] = [];
  try {
    const ports = [await freePort(), await freePort()];
    for (const p of ports) tools.push(await spawnTool({ ...env, PORT: String(p) }));
    // The platform is registered through an in-process tool on the same database, stopped before measuring.
    const reg = platform.registerTool({
      deploymentIds: ['dep-1'],
      oidcLoginUrl: `${proxyUrl}/lti/login`,
      targetLinkUri: `${proxyUrl}/lti/launch`,
      redirectUris: [`${proxyUrl}/lti/launch`],
      jwksUrl: `${proxyUrl}/lti/keys`,
    });
    const setup = await startTestTool(db, { MARGINS_SECRET: SECRET, MARGINS_BADGE_KEK: env.MARGINS_BADGE_KEK });
    await setup.services.platforms.register({
      issuer: reg.issuer,
      clientId: reg.clientId,
      authEndpoint: reg.authorizationEndpoint,
      tokenEndpoint: reg.tokenEndpoint,
      jwksUrl: reg.jwksUrl,
      deploymentIds: ['dep-1'],
      name: platform.name,
      product: 'canvas',
    });
    await setup.stop();

    let started = 0;
    let failed = 0;
    let firstFailure = '';
    const launch = async (n: number) => {
      const [user, course] = LAUNCHES[n % LAUNCHES.length]!;
      const res = await platform.launch({ clientId: reg.clientId, user, course });
      if (res.status !== 200) {
        failed++;
        firstFailure ||= `${res.status}: ${res.body.slice(0, 300)}`;
      }
    };
    const loop = async (ms: number, record: boolean) => {
      const latencies: number[] = [];
      const end = performance.now() + ms;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (performance.now() < end && started < MAX_LAUNCHES) {
            const t0 = performance.now();
            await launch(started++);
            if (record) latencies.push(performance.now() - t0);
          }
        }),
      );
      return latencies;
    };
    const measure = async (upstreams: ToolProcess[]) => {
      const proxy = await startNginx(
        upstreams.map((t) => new URL(t.url).host),
        proxyPort,
      );
      try {
        started = 0;
        await loop(WARMUP_SECONDS * 1000, false);
        failed = 0;
        const pids = upstreams.map((t) => t.child.pid!);
        const tool0 = pids.map(cpuSeconds);
        const self0 = process.cpuUsage();
        const pg0 = postgresCpu();
        const load0 = loadavg()[0]!;
        const t0 = performance.now();
        const latencies = await loop(SECONDS * 1000, true);
        const wall = (performance.now() - t0) / 1000;
        const self = process.cpuUsage(self0);
        let pgCpu = 0;
        for (const [pid, after] of postgresCpu()) pgCpu += after - (pg0.get(pid) ?? 0);
        const toolCpu = pids.map((p, i) => cpuSeconds(p) - tool0[i]!).reduce((a, b) => a + b, 0);
        const share = (s: number) => `${((s / (wall * CORES)) * 100).toFixed(0)}%`;
        const sorted = latencies.sort((a, b) => a - b);
        return {
          rate: (latencies.length - failed) / wall,
          n: latencies.length,
          p50: pct(sorted, 0.5),
          p99: pct(sorted, 0.99),
          failed,
          tools: share(toolCpu),
          toolMsPerLaunch: (toolCpu * 1000) / latencies.length,
          generator: share((self.user + self.system) / 1e6),
          postgres: share(pgCpu),
          load: `${load0.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`,
        };
      } finally {
        await proxy.stop();
      }
    };

    type Measured = Awaited<ReturnType<typeof measure>>;
    const rounds: { one: Measured; two: Measured }[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      log(`round ${r}: one process behind nginx, ${CLIENTS} launchers…`);
      const one = await measure(tools.slice(0, 1));
      log(`round ${r}: two processes behind nginx, ${CLIENTS} launchers…`);
      const two = await measure(tools);
      rounds.push({ one, two });
    }
    if (firstFailure) log(`a launch failed: ${firstFailure}`);
    const row = (name: string, m: Measured) =>
      `| ${name} | ${m.rate.toFixed(1)} | ${m.p50.toFixed(0)} / ${m.p99.toFixed(0)} | ${m.failed} of ${m.n} | ${m.tools} (${m.toolMsPerLaunch.toFixed(1)} ms a launch) | ${m.generator} | ${m.postgres} | ${m.load} |`;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      [
        `LTI launches (login initiation, authorization, id_token post), ${CLIENTS} launchers in a closed loop, ${SECONDS} s each, behind nginx, PostgreSQL`,
        '',
        '| round, tool processes | launches/s | p50 / p99 ms | failed | tool CPU (of 2 cores) | load generator and platform CPU (of 2 cores) | PostgreSQL CPU (of 2 cores) | load average |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
        ...rounds.flatMap((r, i) => [row(`${i + 1}, 1`, r.one), row(`${i + 1}, 2`, r.two)]),
        '',
        `Two processes against one, per round: ${rounds.map((r) => `${(r.two.rate / r.one.rate).toFixed(2)}x`).join(', ')}; over all rounds ${(mean(rounds.map((r) => r.two.rate)) / mean(rounds.map((r) => r.one.rate))).toFixed(2)}x.`,
      ].join('\n'),
    );
  } finally {
    for (const t of tools) await t.kill();
    await platform.close();
    await db.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
