import {
  AccountDeletionSchema,
  AppError,
  parseOrThrow,
  type AccountDeletionResult,
  type AccountDeletion,
} from '@margins/shared';
import type { AccountDeletionRepo, ErasureCounts, RecognitionChoice } from '../data/account-deletion-repo.js';
import type { ChangeBus } from '../data/change-bus.js';
import type { TenancyRepo, UserRow } from '../data/tenancy-repo.js';
import type { Logger } from '../http/logger.js';
import { hasRole, type LaunchContext } from '../lti/launch-context.js';
import type { Actor } from './actor.js';

/** Who may be told the reason a recognition was revoked (the district's own list). */
const REASON_SELF = 'The recipient deleted their Margins account.';
const REASON_ADMIN = 'The district deleted this Margins account.';

/**
 * "Delete my account from the district" (issue 16, item 4): by the person (LMS or connected browser),
 * by a district admin of their installation for someone who left, or from the admin command line.
 * All of one deletion is one transaction (AccountDeletionRepo.erase); after it commits, every tool
 * process forgets the person's browsers (the change bus) and the district's status list is signed
 * again when recognitions were revoked.
 */
export class AccountDeletionService {
  constructor(
    private readonly d: {
      repo: AccountDeletionRepo;
      tenancy: TenancyRepo;
      bus: ChangeBus;
      /** Re-signs the district's status list (BadgeIssuer.statusListCredential). */
      statusList: (tenantId: string) => Promise<unknown>;
      logger: Logger;
      now?: () => Date;
    },
  ) {}

  /** The caller deletes their own account. */
  async deleteMine(actor: Actor, input: unknown): Promise<AccountDeletionResult> {
    const body = parseOrThrow(AccountDeletionSchema, input, 'The deletion');
    const user = await this.d.tenancy.getUser(actor.userId);
    if (!user || user.tenant_id !== actor.tenantId || user.deleted_at) throw gone();
    return this.run(user, body.recognitions, actor.userId, REASON_SELF);
  }

  /** A district admin deletes the account of a person of their own installation. */
  async deletePerson(ctx: LaunchContext, userId: string, input: unknown): Promise<AccountDeletionResult> {
    if (!hasRole(ctx, 'district-admin')) throw new AppError('forbidden', 'Only district admins can delete accounts.');
    const body = parseOrThrow(AccountDeletionSchema, input, 'The deletion');
    const user = await this.d.tenancy.getUser(userId);
    if (!user || user.deployment_pk !== ctx.deployment.id)
      throw new AppError('not_found', 'That person has not opened Margins from this installation.');
    if (user.deleted_at) throw gone();
    return this.run(user, body.recognitions, ctx.user.id, REASON_ADMIN);
  }

  /** The admin command line: deletes a user of a district by id (no launch; `by` stays empty). */
  async deleteFromCli(tenantId: string, userId: string, recognitions: AccountDeletion['recognitions']) {
    const user = await this.d.tenancy.getUser(userId);
    if (!user || user.tenant_id !== tenantId) throw new AppError('not_found', 'No such person in that district.');
    if (user.deleted_at) throw gone();
    return this.run(user, recognitions, null, REASON_ADMIN);
  }

  private async run(
    user: UserRow,
    recognitions: RecognitionChoice,
    by: string | null,
    reason: string,
  ): Promise<AccountDeletionResult> {
    const at = (this.d.now?.() ?? new Date()).toISOString();
    const counts: ErasureCounts = await this.d.repo.transaction((trx) =>
      this.d.repo.erase(trx, { tenantId: user.tenant_id, userId: user.id, recognitions, by, reason, at }),
    );
    // Committed: the rest only refreshes what other processes and verifiers read, and is safe to retry.
    await this.d.bus.publish('account', user.id);
    for (const id of counts.devicesDisconnected) await this.d.bus.publish('device', id);
    if (counts.recognitionsRevoked > 0)
      await this.d.statusList(user.tenant_id).catch((e: unknown) =>
        this.d.logger.error('status list not re-signed after an account deletion', {
          tenantId: user.tenant_id,
          error: String(e),
        }),
      );
    this.d.logger.info('account deleted', { tenantId: user.tenant_id, by: by === user.id ? 'self' : 'admin' });
    return {
      deleted: true,
      adaptationsWithdrawn: counts.adaptationsWithdrawn,
      remixesCredited: counts.remixesCredited,
      devicesDisconnected: counts.devicesDisconnected.length,
      recognitionsRevoked: counts.recognitionsRevoked,
      recognitionsKept: counts.recognitionsKept,
      feedbackRemoved: counts.feedbackRemoved,
    };
  }
}

function gone(): AppError {
  return new AppError('not_found', 'This account was already deleted.');
}
