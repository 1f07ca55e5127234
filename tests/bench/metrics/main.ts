import type { MetricsQuery } from '@margins/shared';
import { openDb } from '@margins/lti-tool/data/db';
import { MetricsRepo } from '@margins/lti-tool/data/metrics-repo';
import type { LaunchContext } from '@margins/lti-tool/lti/launch-context';
import { MetricsService } from '@margins/lti-tool/services/metrics-service';
import { BENCH_KINDS, benchLaunch, percentile } from '../report-context.js';
import { ensureSeed, SEED, type Seeded } from './seed.js';

/**
 * Leadership metrics for a district of 20,000 teachers and 1,000,000 practices (issue 7): times the
 * full district report (24 months, every month plus the whole period, and the 40-school breakdown
 * with suppression) as MetricsService computes it for the JSON route, on SQLite and PostgreSQL.
 * "Cold" is the first report on a new connection (SQLite page cache empty, new PostgreSQL backend;
 * the operating system's file cache is not dropped). Warm runs give median and p95.
 * Not a test: `pnpm --filter @margins/tests bench:metrics` (BENCH_KINDS=sqlite to skip PostgreSQL).
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const TARGET_MS = 2_000;

const log = (s: string) => console.log(s);

function coachOf(s: Seeded): LaunchContext {
  return benchLaunch({ ...s, issuer: 'https://bench-metrics.example', clientId: 'bench-metrics' }, 'coach');
}

const ms = (n: number) => `${n.toFixed(0).padStart(6)} ms`;

async function timeReports(
  s: Seeded,
  label: string,
  q: MetricsQuery,
): Promise<{ cold: number; median: number; p95: number }> {
  const db = openDb(s.target);
  try {
    const service = new MetricsService({ repo: new MetricsRepo(db) });
    const ctx = coachOf(s);
    let t0 = performance.now();
    const first = await service.report(ctx, q);
    const cold = performance.now() - t0;
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t0 = performance.now();
      await service.report(ctx, q);
      warm.push(performance.now() - t0);
    }
    warm.sort((a, b) => a - b);
    const r = { cold, median: percentile(warm, 0.5), p95: percentile(warm, 0.95) };
    const t = first.total.cells;
    const val = (c: (typeof t)['members']) => (c.status === 'shown' ? c.value.toFixed(3) : c.status);
    log(
      `  ${label.padEnd(34)} cold ${ms(r.cold)}  warm median ${ms(r.median)}  p95 ${ms(r.p95)}  (${first.months.length} months, ${first.breakdown.length} schools; members ${val(t.members)}, any ${val(t.participated)}, spread/school ${val(t.spreadSchool)}, evenness ${val(t.evenness)})`,
    );
    return r;
  } finally {
    await db.close();
  }
}

async function main() {
  log(
    `Leadership metrics benchmark: ${SEED.teachers.toLocaleString('en-US')} teachers, ${SEED.adaptations.toLocaleString('en-US')} practices, ${SEED.months} months; ${RUNS} warm runs each; target < ${TARGET_MS} ms for the full district report.`,
  );
  const results: string[] = [];
  for (const kind of BENCH_KINDS) {
    log(`\n${kind}:`);
    const s = await ensureSeed(kind, log);
    log(
      `  data ${s.reused ? 'reused from cache' : `seeded in ${s.seconds.toFixed(0)} s`}: ${Object.entries(s.counts)
        .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
        .join(', ')}`,
    );
    const period = { from: '2024-12', to: '2026-11' };
    const d = await timeReports(s, 'district, 24 months + schools', { scope: 'district', ...period });
    await timeReports(s, 'district, last 12 months', { scope: 'district', from: '2025-12', to: '2026-11' });
    await timeReports(s, 'one school, 24 months', { scope: 'school', id: s.school, ...period });
    await timeReports(s, 'one course, 24 months', { scope: 'course', id: s.courseId, ...period });
    const met = d.cold < TARGET_MS && d.p95 < TARGET_MS;
    results.push(
      `${kind}: district report cold ${d.cold.toFixed(0)} ms, warm median ${d.median.toFixed(0)} ms, p95 ${d.p95.toFixed(0)} ms -> target < ${TARGET_MS} ms ${met ? 'MET' : 'NOT MET'}`,
    );
  }
  log('\nSummary');
  for (const r of results) log(`  ${r}`);
}

main().catch((e: unknown) => {
  console.error(String(e instanceof Error ? e.message : e).slice(-2_000));
  process.exit(1);
});
