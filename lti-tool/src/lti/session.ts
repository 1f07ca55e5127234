import { AppError } from '@margins/shared';
import type { LaunchRepo } from '../data/launch-repo.js';
import { parseRow } from '../data/rows.js';
import { LaunchContextSchema, type LaunchContext } from './launch-context.js';
import type { SessionTokens } from './session-token.js';

/** Most launch contexts kept in memory (each is a few hundred bytes). */
const MAX_CACHED = 10_000;
/** How long a cached context is trusted before the session row is read again (deleting the row revokes it). */
const CACHE_MS = 60_000;

/**
 * Turns the UI's `Authorization: Bearer` credential into the LaunchContext of its launch. The token
 * is checked first (HMAC, expiry), then the launch session row (which can be deleted to revoke it);
 * contexts are immutable, so they are cached in memory for a minute.
 */
export class SessionAuth {
  private readonly cache = new Map<string, { ctx: LaunchContext; at: number }>();

  constructor(private readonly deps: { tokens: SessionTokens; launches: LaunchRepo }) {}

  /** The context for an Authorization header value, or an AppError (401). */
  async fromHeader(header: string | undefined): Promise<LaunchContext> {
    const m = header?.match(/^Bearer\s+(\S+)$/i);
    if (!m) throw new AppError('unauthenticated', 'Open Margins from your course to sign in.');
    const v = this.deps.tokens.verify(m[1]!);
    if (v === 'expired')
      throw new AppError('token_expired', 'Your Margins session has expired. Open Margins again from your course.');
    if (v === 'invalid') throw new AppError('unauthenticated', 'Open Margins from your course to sign in.');
    const cached = this.cache.get(v.launchId);
    if (cached && Date.now() - cached.at < CACHE_MS && cached.ctx.expiresAt > new Date().toISOString())
      return cached.ctx;
    const row = await this.deps.launches.findLaunch(v.launchId);
    if (!row)
      throw new AppError('token_expired', 'Your Margins session has ended. Open Margins again from your course.');
    const ctx = parseRow(LaunchContextSchema, JSON.parse(row.context_json), 'launches.context_json');
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(v.launchId, { ctx, at: Date.now() });
    return ctx;
  }

  /** Forgets cached contexts (tests, revocation). */
  clear(): void {
    this.cache.clear();
  }

  /** Forgets the cached contexts of one person (their account was deleted), or all when `userId` is null. */
  forgetUser(userId: string | null): void {
    if (userId === null) return this.cache.clear();
    for (const [id, entry] of this.cache) if (entry.ctx.user.id === userId) this.cache.delete(id);
  }
}
