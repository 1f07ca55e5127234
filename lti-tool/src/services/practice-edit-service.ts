import { randomUUID } from 'node:crypto';
import {
  AppError,
  ERROR_CODES,
  type FieldIssue,
  type PracticeEditSchema,
  type SharedAdaptation,
} from '@margins/shared';
import type { z } from 'zod';
import type { Db } from '../data/db.js';
import type { SyncRepo } from '../data/sync-repo.js';
import type { LaunchContext } from '../lti/launch-context.js';
import type { Actor } from './actor.js';
import type { LibraryService } from './library-service.js';
import type { PrivacyGuard } from './privacy-guard.js';
import type { SyncService } from './sync-service.js';

/** An edit made from an older version: the practice as it is now goes back with the 409. */
export class PracticeConflict extends AppError {
  constructor(
    message: string,
    readonly current: SharedAdaptation | null,
  ) {
    super('conflict', message);
  }
}

/**
 * A teacher edits her own practice from the LMS (issue 15, item 2). The edit is one change of the
 * extension's sync push (SyncService): the same author check, visibility rules, quota, ledger and
 * version bump, and the change feed her browsers pull, so the LMS and the extension cannot disagree.
 * Only the author may edit: another district's practice is not found, a colleague's is forbidden.
 */
export class PracticeEditService {
  constructor(
    private readonly d: { db: Db; repo: SyncRepo; sync: SyncService; library: LibraryService; privacy: PrivacyGuard },
  ) {}

  async update(
    launch: LaunchContext,
    actor: Actor,
    id: string,
    edit: z.output<typeof PracticeEditSchema>,
  ): Promise<SharedAdaptation> {
    const existing = await this.d.repo.current(this.d.db.knex, id);
    if (!existing || existing.deleted || existing.tenant_id !== actor.tenantId)
      throw new AppError('not_found', 'That practice was not found. It may have been deleted.');
    if (existing.author_user_id !== actor.userId)
      throw new AppError('forbidden', 'Only the teacher who wrote a practice can edit it. Remix it to make your own.');
    if (edit.visibility !== 'private' && !edit.privacyAcknowledged) await this.checkPrivacy(actor, edit);

    const { baseVersion, privacyAcknowledged: _ack, ...content } = edit;
    const adaptation = { ...existing.json, ...content };
    const {
      results: [r],
    } = await this.d.sync.push(actor, {
      changes: [{ op: 'upsert', idempotencyKey: randomUUID(), baseVersion, adaptation }],
    });
    if (r!.status === 'conflict') {
      const now = await this.d.library.detail(launch, id).catch(() => null);
      throw new PracticeConflict(
        'This practice was changed in the extension since you opened it. Compare with the saved version before saving.',
        now?.adaptation ?? null,
      );
    }
    if (r!.status === 'rejected') {
      const e = r!.error ?? { code: 'internal' as const, message: ERROR_CODES.internal.message };
      throw new AppError(e.code, e.message, e.issues);
    }
    return (await this.d.library.detail(launch, id)).adaptation;
  }

  /** The roster-aware check of the texts a shared practice shows colleagues: positions only, never the words. */
  private async checkPrivacy(actor: Actor, edit: { body: string; rationale: string }): Promise<void> {
    const found = await this.d.privacy.check(
      { tenantId: actor.tenantId, userId: actor.userId, name: actor.userName },
      { body: edit.body, rationale: edit.rationale },
    );
    if (!found.length) return;
    const issues: FieldIssue[] = found.map((f) => ({
      path: `privacy.${f.field}`,
      message: `Characters ${f.index + 1}–${f.index + f.length} may identify a student (${f.kind}).`,
    }));
    throw new AppError(
      'validation_failed',
      'This practice is shared with colleagues and may name a student or hold personal details. Remove them, or confirm that you share it anyway.',
      issues,
    );
  }
}
