import { api, CursorSchema, MAX_PUSH_BATCH, MAX_PUSH_BYTES, type PushResult } from '@margins/shared/api';
import { AppError } from '@margins/shared/errors';
import type { SyncStatus } from '../protocol/views.js';
import { ApiError, isTransient, type ApiClient } from './api-client.js';
import type { ConnectionService } from './connection-service.js';
import type { MarginsDb, OutboxRow } from './db.js';
import { toSyncChange, type OutboxService } from './outbox-service.js';
import { applyPulled, CURSOR_KEY, RESYNC_KEY, startResync } from './pull-applier.js';
import { applyPushResults, fitBytes } from './push-applier.js';

/** Answers to a pull that mean "read everything again": a compacted feed (issue 16), an unknown cursor. */
const RESYNC_CODES = new Set(['resync_required', 'validation_failed']);
/** Settings row of the last sync's outcome. */
const STATE_KEY = 'syncState';
/** Changes per pull page. */
export const PULL_PAGE = 1000;
/** Said after the district's "storage is full" sentence: what happens to the teacher's work. */
export const HELD_BACK_SENTENCE =
  'Nothing is lost: your changes are kept in this browser and Margins shares them when there is room (or when you choose "Sync now").';
/** Leave room for the JSON envelope under the district's body limit. */
const PUSH_BYTES = MAX_PUSH_BYTES - 64 * 1024;

interface SyncState {
  lastSyncedAt: string | null;
  lastError: { code: string; message: string } | null;
  /** Failed pulls in a row (their back-off; pushes back off per change in the outbox). */
  pullFailures: number;
}

/** Collaborators of the SyncService. */
export interface SyncDeps {
  db: MarginsDb;
  outbox: OutboxService;
  connection: ConnectionService;
  api: ApiClient;
  now: () => Date;
  random?: () => number;
  /** Asks the browser to run a sync at `at` (epoch ms) even if this worker is stopped by then (chrome.alarms). */
  scheduleAt: (at: number) => void;
  /** Pages whose adaptations changed (open tabs and the panel reload them). */
  pagesChanged: (pages: string[]) => void;
  /** The status changed (the popup and the panel show it). */
  statusChanged: (status: SyncStatus) => void;
}

/**
 * Offline-first sync with the district's Margins (DESIGN: Flow 4): pushes the outbox in batches and
 * pulls from the stored cursor. It keeps no state a stopped worker would lose: the outbox rows carry
 * their keys, base versions and back-off, the cursor is stored with each pulled page, and the next
 * attempt is an alarm; so a browser restart, or the service worker being stopped in the middle of a
 * push, only means the same batch is sent again (the district answers "duplicate" for what it
 * already applied). Only one sync runs at a time; a request during a run runs once more after it.
 */
export class SyncService {
  private running: Promise<void> | null = null;
  private again = false;
  private syncing = false;
  private readonly random: () => number;

  constructor(private readonly d: SyncDeps) {
    this.random = d.random ?? Math.random;
  }

  /** Runs a sync now (or once more after the current one) and resolves when it is done. */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.once();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * At worker start: syncs when changes wait to be pushed (a worker stopped mid-push resumes here)
   * or the last sync is older than `maxAgeMs`; a worker woken every few seconds by page visits does
   * not pull every time.
   */
  async syncIfStale(maxAgeMs: number): Promise<void> {
    const [due, state] = await Promise.all([this.d.outbox.nextDueAt(), this.state()]);
    const now = this.d.now().getTime();
    const stale = !state.lastSyncedAt || now - Date.parse(state.lastSyncedAt) > maxAgeMs;
    if ((due !== null && due <= now) || (stale && !state.lastError)) await this.sync();
    else if (due !== null) this.d.scheduleAt(due);
  }

  /** Back online, or the teacher chose "Sync now": everything backing off is due now. */
  async retryNow(): Promise<void> {
    await this.d.outbox.retryAllNow();
    await this.saveState({ pullFailures: 0 });
    await this.sync();
  }

  /** Where sync stands, for the popup, the panel and the pair page. */
  async status(): Promise<SyncStatus> {
    const [connection, pending, conflicts, problems, state, nextDue] = await Promise.all([
      this.d.connection.view(),
      this.d.outbox.count(),
      this.d.db.conflicts.count(),
      this.d.db.adaptations.orderBy('syncProblem.at').count(),
      this.state(),
      this.d.outbox.nextDueAt(),
    ]);
    const base = {
      connection,
      pending,
      conflicts,
      problems,
      lastSyncedAt: state.lastSyncedAt,
      error: state.lastError,
      nextAttemptAt: null as number | null,
    };
    if (connection.state === 'none') return { ...base, state: 'not-connected', error: null };
    if (connection.state === 'disconnected') return { ...base, state: 'disconnected', error: null };
    if (this.syncing) return { ...base, state: 'syncing' };
    const waiting = nextDue !== null && nextDue > this.d.now().getTime() ? nextDue : null;
    if (state.lastError) {
      const offline = state.lastError.code === 'offline' || state.lastError.code === 'unavailable';
      return { ...base, state: offline ? 'offline' : 'error', nextAttemptAt: waiting };
    }
    const full = await this.d.outbox.firstHeldBack('quota_exceeded');
    if (full)
      return {
        ...base,
        state: 'error',
        error: { code: 'quota_exceeded', message: `${full.lastError ?? ''} ${HELD_BACK_SENTENCE}`.trim() },
        nextAttemptAt: waiting,
      };
    return { ...base, state: pending ? 'pending' : 'synced', nextAttemptAt: waiting };
  }

  /** Forgets what came from the district (another district or person, or a lost connection); my adaptations stay. */
  async forgetDistrictData(requeueMine: boolean): Promise<void> {
    const { db } = this.d;
    await db.transaction(
      'rw',
      [db.shared, db.pageLookups, db.hotSpots, db.settings, db.conflicts, db.adaptations, db.outbox],
      async () => {
        await db.shared.clear();
        await db.pageLookups.clear();
        await db.hotSpots.clear();
        await db.settings.delete(CURSOR_KEY);
        await db.settings.delete(RESYNC_KEY);
        await db.settings.put({
          key: STATE_KEY,
          value: { lastSyncedAt: null, lastError: null, pullFailures: 0 } satisfies SyncState,
        });
        if (!requeueMine) return;
        // A new district or person: everything of mine goes to it, as new (its versions there start over);
        // changes meant for the previous one (their keys and base versions) mean nothing there.
        await db.conflicts.clear();
        await db.outbox.clear();
        const rows = await db.adaptations.toArray();
        for (const row of rows) {
          await db.adaptations.put({ ...row, syncedVersion: null, syncProblem: null });
          await this.d.outbox.upserted(row.adaptation, null);
        }
      },
    );
  }

  private async once(): Promise<void> {
    if (!(await this.d.connection.current())) return; // Nothing to do (connecting publishes the status itself).
    this.syncing = true;
    await this.publish();
    try {
      await this.push();
      await this.pull();
      await this.saveState({ lastSyncedAt: this.d.now().toISOString(), lastError: null, pullFailures: 0 });
    } catch (error) {
      await this.failed(error);
    } finally {
      this.syncing = false;
      // Whatever still waits (backing off, or written during this run) has its alarm.
      const due = await this.d.outbox.nextDueAt();
      if (due !== null) this.d.scheduleAt(due);
      await this.publish();
    }
  }

  private async failed(error: unknown): Promise<void> {
    if (error instanceof AppError && error.code === 'token_revoked') return; // The connection's own state says it.
    if (!(error instanceof AppError)) console.error('margins: sync failed', error);
    const e =
      error instanceof AppError
        ? { code: error.code, message: error.message }
        : { code: 'internal', message: 'Something went wrong while sharing. Margins will try again.' };
    const state = await this.state();
    const pullFailures = state.pullFailures + 1;
    await this.saveState({ lastError: e, pullFailures });
    // The outbox rows carry their own back-off; a failed pull (nothing to push) backs off here.
    const retryAfter = error instanceof ApiError ? (error.retryAfterMs ?? 0) : 0;
    const pullBackoff = Math.max(
      retryAfter,
      Math.min(300_000, 1_000 * 2 ** Math.min(pullFailures, 12)) * (0.5 + this.random() / 2),
    );
    const due = await this.d.outbox.nextDueAt();
    this.d.scheduleAt(Math.min(due ?? Infinity, this.d.now().getTime() + pullBackoff));
  }

  /** Pushes every change that is due, batch after batch. */
  private async push(): Promise<void> {
    let maxRows: number = MAX_PUSH_BATCH;
    for (;;) {
      const candidates = await this.d.outbox.nextBatch(maxRows);
      if (!candidates.length) return;
      const local = await this.staysLocal(candidates);
      if (local.length) {
        await this.d.outbox.delivered(local.map((r) => r.idempotencyKey));
        continue;
      }
      const rows = await this.d.outbox.stamp(fitBytes(candidates, PUSH_BYTES), (row) => this.baseVersionOf(row));
      let results: PushResult[];
      try {
        results = (
          await this.d.connection.withToken((c, token) =>
            this.d.api.call(c.toolUrl, api.syncPush, {
              token,
              body: { changes: rows.map(toSyncChange) },
              timeoutMs: 60_000,
            }),
          )
        ).results;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'payload_too_large' && rows.length > 1) {
          maxRows = Math.max(1, Math.floor(rows.length / 2));
          continue;
        }
        if (error instanceof ApiError && error.code === 'payload_too_large') {
          await this.applyResults(rows, [
            {
              idempotencyKey: rows[0]!.idempotencyKey,
              status: 'rejected',
              error: {
                code: 'payload_too_large',
                message: 'This adaptation is too large to share. Shorten it, then save it again.',
              },
            },
          ]);
          continue;
        }
        if (error instanceof AppError && error.code === 'token_revoked') throw error;
        const retryAfter =
          error instanceof ApiError && error.retryAfterMs ? this.d.now().getTime() + error.retryAfterMs : 0;
        await this.d.outbox.failed(
          rows.map((r) => r.idempotencyKey),
          error instanceof Error ? error.message : String(error),
          retryAfter,
        );
        throw isTransient(error) || error instanceof AppError
          ? error
          : new AppError('internal', 'Something went wrong while sharing. Margins will try again.');
      }
      await this.applyResults(rows, results);
      await this.publish();
    }
  }

  /**
   * Changes that never leave this browser: private ("Only me") adaptations the district never held,
   * unless the teacher chose, when connecting, to send private ones too. (One the district already
   * holds, because it was shared before, is updated there so colleagues stop seeing it.)
   */
  private async staysLocal(rows: readonly OutboxRow[]): Promise<OutboxRow[]> {
    if ((await this.d.connection.current())?.sendPrivate) return [];
    const out: OutboxRow[] = [];
    for (const row of rows)
      if (row.op === 'upsert' && row.adaptation.visibility === 'private' && (await this.baseVersionOf(row)) === null)
        out.push(row);
    return out;
  }

  /** The district's version a change builds on: the adaptation's latest synced version, as of now. */
  private async baseVersionOf(row: OutboxRow): Promise<number | null> {
    const live = await this.d.db.adaptations.get(row.adaptationId);
    if (live) return live.syncedVersion;
    return (await this.d.db.trash.get(row.adaptationId))?.row.syncedVersion ?? null;
  }

  /** Records what the district said about each change of a batch (push-applier.ts). */
  private async applyResults(rows: readonly OutboxRow[], results: readonly PushResult[]): Promise<void> {
    const pages = await applyPushResults(this.d, rows, results, this.d.now().toISOString());
    if (pages.size) this.d.pagesChanged([...pages]);
  }

  /**
   * Pulls every change since the stored cursor, page by page. The next page is asked for while the
   * current one is stored (the cursor is still stored with each page, in order).
   */
  private async pull(): Promise<void> {
    const stored = (await this.d.db.settings.get(CURSOR_KEY))?.value;
    let cursor = CursorSchema.safeParse(stored).success ? (stored as string) : undefined;
    let next = this.fetchPage(cursor);
    for (let guard = 0; guard < 10_000; guard++) {
      let page;
      try {
        page = await next;
      } catch (error) {
        if (cursor && error instanceof ApiError && RESYNC_CODES.has(error.code)) {
          // The district no longer keeps changes since this position (its feed was compacted while this
          // browser was away, or it was restored from a backup): read everything again (startResync).
          await startResync(this.d.db);
          cursor = undefined;
          next = this.fetchPage(undefined);
          continue;
        }
        throw error;
      }
      if (page.hasMore) {
        next = this.fetchPage(page.cursor);
        next.catch(() => undefined); // Handled when awaited; not an unhandled rejection meanwhile.
      }
      const pages = await applyPulled(this.d.db, page.changes, page.cursor, !page.hasMore);
      if (pages.size) this.d.pagesChanged([...pages]);
      cursor = page.cursor;
      if (!page.hasMore) return;
    }
  }

  private fetchPage(cursor: string | undefined) {
    return this.d.connection.withToken((c, token) =>
      this.d.api.call(c.toolUrl, api.syncPull, { token, query: { cursor, limit: PULL_PAGE }, timeoutMs: 60_000 }),
    );
  }

  private async publish(): Promise<void> {
    this.d.statusChanged(await this.status());
  }

  private async state(): Promise<SyncState> {
    const value = (await this.d.db.settings.get(STATE_KEY))?.value as Partial<SyncState> | undefined;
    return {
      lastSyncedAt: value?.lastSyncedAt ?? null,
      lastError: value?.lastError ?? null,
      pullFailures: value?.pullFailures ?? 0,
    };
  }

  private async saveState(patch: Partial<SyncState>): Promise<void> {
    await this.d.db.settings.put({ key: STATE_KEY, value: { ...(await this.state()), ...patch } });
  }
}
