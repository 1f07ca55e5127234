import { AppError } from '@margins/shared';

/**
 * Where a pull stands, as an opaque cursor. A first pull walks a snapshot (the viewer's district,
 * then approved network sharing, each in id order) pinned to the feed position read before it
 * started; after that it follows the change feed by sequence number. Numbers, never timestamps:
 * clocks and concurrent writers cannot make a pull skip a change.
 */
export type SyncCursor =
  { phase: 'tenant' | 'network'; upTo: number; afterId: string } | { phase: 'feed'; after: number };

const SNAPSHOT = /^([tn])(\d{1,15})_([0-9a-f-]{0,36})$/;
const FEED = /^c(\d{1,15})$/;

/** The cursor string for a position. */
export function encodeCursor(c: SyncCursor): string {
  return c.phase === 'feed' ? `c${c.after}` : `${c.phase === 'tenant' ? 't' : 'n'}${c.upTo}_${c.afterId}`;
}

/** The position a cursor string names; validation_failed when it is not one of ours. */
export function decodeCursor(s: string): SyncCursor {
  const feed = FEED.exec(s);
  if (feed) return { phase: 'feed', after: Number(feed[1]) };
  const snap = SNAPSHOT.exec(s);
  if (snap) return { phase: snap[1] === 't' ? 'tenant' : 'network', upTo: Number(snap[2]), afterId: snap[3]! };
  throw new AppError(
    'validation_failed',
    'The sync position (cursor) is not valid. Pull again from the start, without a cursor.',
  );
}
