import { randomUUID } from 'node:crypto';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import {
  dropFeedTriggers,
  createFeedTriggers as createFeedTriggers010,
} from '@margins/lti-tool/data/migrations/010-sync';
import { createFeedTriggers } from '@margins/lti-tool/data/migrations/091-feed-at-commit';
import { actorFromLaunch, type Actor } from '@margins/lti-tool/services/actor';
import { databaseKinds } from '@margins/lti-tool/testing/databases';
import { testLaunch } from '@margins/lti-tool/testing/launch-session';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';

/**
 * Sync write throughput with many districts pushing at once (issue 17, item 2), on PostgreSQL:
 * before, every push held the one change-feed lock from its first write to its commit (migration
 * 010's triggers), so districts wrote one at a time; now a push holds its district's lock and the
 * feed lock only while its feed rows are written at commit (migration 091). Both run in one process
 * on one database, the triggers switched between rounds, so the ratio is what to read.
 * Not a test: `TEST_DATABASE_URL=… pnpm --filter @margins/tests bench:sync-writes`.
 */

const DISTRICTS = Number(process.env.BENCH_DISTRICTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const BATCH = Number(process.env.BENCH_BATCH ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

type Mode = 'one feed lock (before)' | 'per district (now)';

async function main(): Promise<void> {
  const pg = databaseKinds().find((k) => k.name === 'postgres');
  if (!pg) {
    console.log('sync write bench: PostgreSQL only (set TEST_DATABASE_URL); SQLite has one writer at a time.');
    return;
  }
  const db = await pg.create();
  // The pool is raised so that the clients, not the pool, decide how many pushes run at once.
  const tool = await startTestTool(db, { RATE_LIMIT_PER_MINUTE: '1000000' });
  try {
    const actors: Actor[] = [];
    for (let d = 0; d < DISTRICTS; d++) {
      const launch = await testLaunch(tool, {
        issuer: `https://district-${d}.bench.example`,
        tenantName: `District ${d}`,
        sub: `teacher-${d}`,
        course: { contextId: `course-${d}`, title: `Course ${d}` },
      });
      actors.push({ ...actorFromLaunch(launch.ctx), via: 'extension', deviceId: randomUUID() });
    }
    console.log(
      `sync writes on PostgreSQL: ${DISTRICTS} districts, one client each pushing ${BATCH} new adaptations per push, ${SECONDS} s per round, ${ROUNDS} rounds per mode, in one process (tool and load together)`,
    );
    const results: Record<Mode, number[]> = { 'one feed lock (before)': [], 'per district (now)': [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const mode of Object.keys(results) as Mode[]) {
        await setMode(tool, mode);
        results[mode].push(await round(tool, actors));
      }
    }
    await setMode(tool, 'per district (now)');
    const best = (m: Mode) => Math.max(...results[m]);
    for (const mode of Object.keys(results) as Mode[])
      console.log(
        `  ${mode.padEnd(24)} ${results[mode].map((n) => `${n.toFixed(0)} pushes/s (${(n * BATCH).toFixed(0)} changes/s)`).join(', ')}`,
      );
    console.log(
      `  ratio now / before (best rounds): ${(best('per district (now)') / best('one feed lock (before)')).toFixed(2)}x`,
    );
  } finally {
    await tool.stop();
    await db.drop();
  }
}

/** Puts the feed triggers of the mode in place. */
async function setMode(tool: TestTool, mode: Mode): Promise<void> {
  const k = tool.services.db.knex;
  await dropFeedTriggers(k);
  if (mode === 'per district (now)') await createFeedTriggers(k);
  else await createFeedTriggers010(k);
}

/** Every district pushes as fast as it can for SECONDS; returns pushes per second (all districts). */
async function round(tool: TestTool, actors: Actor[]): Promise<number> {
  const until = Date.now() + SECONDS * 1000;
  const started = Date.now();
  let pushes = 0;
  await Promise.all(
    actors.map(async (actor) => {
      while (Date.now() < until) {
        const changes = Array.from({ length: BATCH }, () => ({
          op: 'upsert' as const,
          idempotencyKey: randomUUID(),
          baseVersion: null,
          adaptation: makeAdaptation({ id: randomUUID(), version: 1, visibility: 'district' }),
        }));
        const { results } = await tool.services.sync.push(actor, { changes });
        if (results.some((x) => x.status !== 'applied'))
          throw new Error(`a push was not applied: ${JSON.stringify(results[0])}`);
        pushes++;
      }
    }),
  );
  return pushes / ((Date.now() - started) / 1000);
}

await main();
