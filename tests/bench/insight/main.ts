import { openDb } from '@margins/lti-tool/data/db';
import { InsightRepo } from '@margins/lti-tool/data/insight-repo';
import type { LaunchContext } from '@margins/lti-tool/lti/launch-context';
import { InsightService } from '@margins/lti-tool/services/insight-service';
import { BENCH_KINDS, benchLaunch, percentile } from '../report-context.js';
import { ensureSeed, SEED, type Seeded } from './seed.js';

/**
 * Curriculum insight at scale (issue 20): one curriculum site of 5,000 pages and 1,000,000
 * adaptations in 20 districts. Times one district's site report (pages with shown passages, hidden
 * counts, the 50 hot spots split at a date) and one page's passage report (the hottest page and a
 * typical one), as InsightService computes them for the JSON routes, on SQLite and PostgreSQL.
 * "Cold" is the first report on a new connection (SQLite page cache empty, new PostgreSQL backend;
 * the operating system's file cache is not dropped). Warm runs give median and p95.
 * Not a test: `pnpm --filter @margins/tests bench:insight` (BENCH_KINDS=sqlite to skip PostgreSQL,
 * BENCH_ADAPTATIONS=100000 for a quick look).
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const TARGETS = { siteWarm: 1_000, siteCold: 2_000, page: 100 };

const log = (s: string) => console.log(s);

function leadOf(s: Seeded): LaunchContext {
  return benchLaunch({ ...s, issuer: 'https://bench-insight-0.example', clientId: 'bench-insight' }, 'curriculum-lead');
}

const ms = (n: number) => `${n.toFixed(1).padStart(8)} ms`;

type Timing = { cold: number; median: number; p95: number };

/** Times `run` on a fresh connection: the first call (cold), then RUNS more (warm). */
async function time(s: Seeded, label: string, run: (svc: InsightService) => Promise<string>): Promise<Timing> {
  const db = openDb(s.target);
  try {
    const svc = new InsightService({ repo: new InsightRepo(db) });
    let t0 = performance.now();
    const what = await run(svc);
    const cold = performance.now() - t0;
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t0 = performance.now();
      await run(svc);
      warm.push(performance.now() - t0);
    }
    warm.sort((a, b) => a - b);
    const r = { cold, median: percentile(warm, 0.5), p95: percentile(warm, 0.95) };
    log(`  ${label.padEnd(30)} cold ${ms(r.cold)}  warm median ${ms(r.median)}  p95 ${ms(r.p95)}  (${what})`);
    return r;
  } finally {
    await db.close();
  }
}

async function main() {
  log(
    `Curriculum insight benchmark: ${SEED.pages.toLocaleString('en-US')} pages, ${SEED.adaptations.toLocaleString('en-US')} adaptations in ${SEED.districts} districts; ${RUNS} warm runs each; targets: site report < ${TARGETS.siteWarm} ms warm and < ${TARGETS.siteCold} ms cold, one page < ${TARGETS.page} ms.`,
  );
  const summary: string[] = [];
  for (const kind of BENCH_KINDS) {
    log(`\n${kind}:`);
    const s = await ensureSeed(kind, log);
    log(
      `  data ${s.reused ? 'reused from cache' : `seeded in ${s.seconds.toFixed(0)} s (passage rebuild ${s.rebuildSeconds?.toFixed(0)} s)`}: ${Object.entries(
        s.counts,
      )
        .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
        .join(', ')}`,
    );
    const ctx = leadOf(s);
    const site = await time(s, 'site report, since a date', async (svc) => {
      const r = await svc.site(ctx, { site: SEED.site, since: '2025-10-01' });
      return `${r.pages.length} pages shown, ${r.hotSpots.length} hot spots (top: ${r.hotSpots[0]?.teachers} teachers, ${r.hotSpots[0]?.schools} schools), ${r.hiddenPassages} passages hidden`;
    });
    await time(s, 'site report, no date', async (svc) => {
      const r = await svc.site(ctx, { site: SEED.site });
      return `${r.pages.length} pages shown`;
    });
    const hot = await time(s, 'hottest page', async (svc) => {
      const r = await svc.page(ctx, { url: s.hotPage, since: '2025-10-01' });
      return `${r.passages.length} passages shown, ${r.hiddenPassages} hidden, ${String(r.teachers)} teachers`;
    });
    const typical = await time(s, 'a typical page (no. 1,000)', async (svc) => {
      const r = await svc.page(ctx, { url: s.typicalPage });
      return `${r.passages.length} passages shown, ${r.hiddenPassages} hidden, ${String(r.teachers)} teachers`;
    });
    const met = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
    summary.push(
      `${kind}: site report cold ${site.cold.toFixed(0)} ms (< ${TARGETS.siteCold}: ${met(site.cold < TARGETS.siteCold)}), warm median ${site.median.toFixed(0)} / p95 ${site.p95.toFixed(0)} ms (< ${TARGETS.siteWarm}: ${met(site.p95 < TARGETS.siteWarm)}); hottest page cold ${hot.cold.toFixed(0)}, warm p95 ${hot.p95.toFixed(1)} ms, typical page cold ${typical.cold.toFixed(0)}, warm p95 ${typical.p95.toFixed(1)} ms (< ${TARGETS.page} warm: ${met(hot.p95 < TARGETS.page && typical.p95 < TARGETS.page)})`,
    );
  }
  log('\nSummary');
  for (const r of summary) log(`  ${r}`);
}

main().catch((e: unknown) => {
  console.error(String(e instanceof Error ? e.stack : e).slice(-3_000));
  process.exit(1);
});
