import type { Adaptation } from '@margins/shared/adaptation';
import type { PulledChange, SharedAdaptation } from '@margins/shared/api';
import type { SocialProof } from '../protocol/views.js';
import type { AdaptationRow, MarginsDb, SharedRow } from './db.js';

/** Settings row of the pull position. */
export const CURSOR_KEY = 'syncCursor';
/**
 * Settings row of a full resync in progress (issue 16: the district compacted its change feed past
 * this browser's position): ids of local copies the district knew that the new pull has not sent
 * again yet. What is still unseen when the pull ends is gone from the district.
 */
export const RESYNC_KEY = 'resyncUnseen';

/**
 * Starts a full resync: forgets the pull position and notes every local copy the district knows
 * (colleagues' adaptations, and mine that were synced). Mine that never reached it are not noted,
 * so they are kept whatever the pull says (and pushed as usual).
 */
export async function startResync(db: MarginsDb): Promise<void> {
  await db.transaction('rw', [db.adaptations, db.shared, db.settings], async () => {
    const shared = await db.shared.toCollection().primaryKeys();
    const mine = await db.adaptations.filter((r) => r.syncedVersion !== null).primaryKeys();
    await db.settings.put({ key: RESYNC_KEY, value: [...shared, ...mine] });
    await db.settings.delete(CURSOR_KEY);
  });
}

/** The adaptation itself, without what the district adds for the viewer. */
export function plainAdaptation(a: SharedAdaptation): Adaptation {
  const {
    authorVisible: _v,
    endorsementCount: _e,
    feedbackCount: _f,
    outcomes: _o,
    myEndorsement: _m,
    mine: _mine,
    networkStatus: _n,
    ...rest
  } = a;
  return rest;
}

/** What colleagues said about an adaptation. */
export function socialOf(a: SharedAdaptation): SocialProof {
  return { endorsementCount: a.endorsementCount, feedbackCount: a.feedbackCount, outcomes: a.outcomes };
}

const sameSocial = (a: SocialProof | undefined, b: SocialProof) =>
  !!a &&
  a.endorsementCount === b.endorsementCount &&
  a.feedbackCount === b.feedbackCount &&
  JSON.stringify(a.outcomes) === JSON.stringify(b.outcomes);

/**
 * Applies one page of pulled changes and the cursor after it, in one transaction (a worker stopped
 * half-way resumes from the last page it stored). Colleagues' adaptations go to the `shared` table,
 * apart from mine; my own (written in another browser) update my table only when nothing of mine is
 * waiting to be pushed or in conflict: a pull never overwrites a local edit. Returns the pages whose
 * adaptations changed.
 */
export async function applyPulled(
  db: MarginsDb,
  changes: readonly PulledChange[],
  cursor: string,
  last = false,
): Promise<Set<string>> {
  const pages = new Set<string>();
  await db.transaction('rw', [db.adaptations, db.shared, db.outbox, db.conflicts, db.trash, db.settings], async () => {
    const ids = changes.map((c) => (c.op === 'upsert' ? c.adaptation.id : c.id));
    const [locals, pendingRows, conflictIds, trashIds, sharedRows] = await Promise.all([
      db.adaptations.bulkGet(ids),
      db.outbox.where('adaptationId').anyOf(ids).toArray(),
      db.conflicts.where('adaptationId').anyOf(ids).primaryKeys(),
      db.trash.where('id').anyOf(ids).primaryKeys(),
      db.shared.bulkGet(ids),
    ]);
    const local = new Map<string, AdaptationRow>();
    locals.forEach((r) => r && local.set(r.id, r));
    const shared = new Map<string, SharedRow>();
    sharedRows.forEach((r) => r && shared.set(r.id, r));
    const busy = new Set<string>([...pendingRows.map((r) => r.adaptationId), ...conflictIds]);
    const trashed = new Set<string>(trashIds);

    const putMine: AdaptationRow[] = [];
    const deleteMine: string[] = [];
    const putShared: SharedRow[] = [];
    const deleteShared: string[] = [];
    for (const change of changes) {
      if (change.op === 'remove') {
        const gone = shared.get(change.id);
        if (gone) {
          deleteShared.push(change.id);
          pages.add(gone.pageUrl);
        }
        const mine = local.get(change.id);
        // Deleted in another of my browsers: removed here too, unless I changed it here meanwhile.
        if (mine && !busy.has(change.id)) {
          deleteMine.push(change.id);
          pages.add(mine.pageUrl);
        }
        continue;
      }
      const a = change.adaptation;
      if (!a.mine) {
        if (local.has(a.id)) continue; // Mine in this browser (connected as someone else before): leave it.
        const before = shared.get(a.id);
        if (
          !before ||
          before.adaptation.updatedAt !== a.updatedAt ||
          !sameSocial(before.adaptation, a) ||
          JSON.stringify(before.adaptation.myEndorsement) !== JSON.stringify(a.myEndorsement)
        ) {
          putShared.push({ id: a.id, pageUrl: a.page.url, adaptation: a });
          pages.add(a.page.url);
          if (before && before.pageUrl !== a.page.url) pages.add(before.pageUrl);
        }
        continue;
      }
      if (shared.has(a.id)) deleteShared.push(a.id);
      const mine = local.get(a.id);
      const social = socialOf(a);
      if (mine && (busy.has(a.id) || (mine.syncedVersion ?? 0) >= a.version)) {
        // My own copy is newer or waiting: only what colleagues said about it is news.
        if (!sameSocial(mine.social, social)) {
          putMine.push({ ...mine, social });
          pages.add(mine.pageUrl);
        }
        continue;
      }
      if (!mine && (trashed.has(a.id) || busy.has(a.id))) continue; // Deleted here, and that delete is on its way.
      const plain = plainAdaptation(a);
      // The local version only has to grow (open forms compare it); the district's is kept as syncedVersion.
      const version = mine ? Math.max(mine.adaptation.version + 1, a.version) : a.version;
      putMine.push({
        id: a.id,
        pageUrl: plain.page.url,
        updatedAt: plain.updatedAt,
        adaptation: { ...plain, version },
        syncedVersion: a.version,
        social,
        syncProblem: null,
      });
      pages.add(plain.page.url);
      if (mine && mine.pageUrl !== plain.page.url) pages.add(mine.pageUrl);
    }
    if (putMine.length) await db.adaptations.bulkPut(putMine);
    if (deleteMine.length) await db.adaptations.bulkDelete(deleteMine);
    if (putShared.length) await db.shared.bulkPut(putShared);
    if (deleteShared.length) await db.shared.bulkDelete(deleteShared);
    await db.settings.put({ key: CURSOR_KEY, value: cursor });
    await settleResync(db, ids, last, pages);
  });
  return pages;
}

/**
 * During a full resync: strikes the ids of a page off the unseen list; after the last page, removes
 * the local copies still unseen (the district no longer has them, or no longer shows them to me),
 * except mine with a change waiting or in conflict: nothing of mine that the district has not got is lost.
 */
async function settleResync(db: MarginsDb, seen: readonly string[], last: boolean, pages: Set<string>): Promise<void> {
  const row = await db.settings.get(RESYNC_KEY);
  if (!row || !Array.isArray(row.value)) return;
  const unseen = new Set(row.value as string[]);
  for (const id of seen) unseen.delete(id);
  if (!last) {
    await db.settings.put({ key: RESYNC_KEY, value: [...unseen] });
    return;
  }
  const ids = [...unseen];
  const [sharedRows, mineRows, pending, conflicts] = await Promise.all([
    db.shared.bulkGet(ids),
    db.adaptations.bulkGet(ids),
    db.outbox.where('adaptationId').anyOf(ids).toArray(),
    db.conflicts.where('adaptationId').anyOf(ids).primaryKeys(),
  ]);
  const busy = new Set<string>([...pending.map((r) => r.adaptationId), ...conflicts]);
  const goneShared = sharedRows.filter((r): r is SharedRow => !!r);
  const goneMine = mineRows.filter((r): r is AdaptationRow => !!r && !busy.has(r.id));
  for (const r of [...goneShared, ...goneMine]) pages.add(r.pageUrl);
  if (goneShared.length) await db.shared.bulkDelete(goneShared.map((r) => r.id));
  if (goneMine.length) await db.adaptations.bulkDelete(goneMine.map((r) => r.id));
  await db.settings.delete(RESYNC_KEY);
}
