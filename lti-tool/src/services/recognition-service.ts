import { randomUUID } from 'node:crypto';
import {
  AppError,
  parseOrThrow,
  RevokeInputSchema,
  type AwardPreview,
  type CoachAwardInput,
  type Recognition,
  type RecognitionRuleSetting,
  type WallEntry,
} from '@margins/shared';
import { hasRole, type LaunchContext } from '../lti/launch-context.js';
import { storeRecognition } from './recognition-issuing.js';
import { RecognitionPass, type RecognitionPassDeps } from './recognition-pass.js';
import { recipientOf, recognitionOf } from './recognition-rows.js';
import type { PrivacyGuard } from './privacy-guard.js';
import { prepareCoachAward, rulePublicText } from './recognition-preview.js';

export { RECOGNITION_DEBOUNCE_MS } from './recognition-pass.js';

/** Coaches and district admins manage recognition for their own district. */
function requireManager(ctx: LaunchContext, doing: string): void {
  if (!hasRole(ctx, 'coach') && !hasRole(ctx, 'district-admin'))
    throw new AppError('forbidden', `Only an instructional coach or a district admin can ${doing}.`);
}

/**
 * Recognition (issue 7): evaluates the district's enabled rules over its ledger and issues what is
 * newly earned as signed Open Badges 3.0 credentials (idempotent: a rule is earned once per person,
 * enforced by the database, so concurrent passes in any number of processes settle on one row; the
 * pass is recognition-pass.ts, signing recognition-issuing.ts); coach awards with a citation; revocation; the teacher's own list, download and wall choice; the
 * course wall. Nothing here ranks or counts people, and no answer names an adaptation.
 */
export class RecognitionService {
  /** Evaluates the rules and issues what is earned (recognition-pass.ts): scheduled, or run before a view. */
  private readonly pass: RecognitionPass;

  constructor(
    private readonly d: RecognitionPassDeps & {
      /** The roster-aware check of award texts; without it, only the detector inside the credential builder runs. */
      privacy?: PrivacyGuard;
    },
  ) {
    this.pass = new RecognitionPass(d);
  }

  // ------------------------------------------------------------------ evaluation

  /** Asks for an evaluation of a district soon (after a ledger append), without delaying the caller. */
  schedule(tenantId: string): void {
    this.pass.schedule(tenantId);
  }

  /**
   * Evaluates the district's enabled rules and issues every newly earned recognition; returns how
   * many were issued (RecognitionPass.evaluate: one pass at a time per district, across processes).
   */
  evaluate(tenantId: string): Promise<number> {
    return this.pass.evaluate(tenantId);
  }

  /**
   * Whether this process holds the district's rules in memory (they are read again at its next pass
   * otherwise). For tests of the invalidation across processes.
   */
  holdsRules(tenantId: string): boolean {
    return this.pass.holdsRules(tenantId);
  }

  /** Stops scheduled passes and waits for running ones (shutdown). */
  stop(): Promise<void> {
    return this.pass.stop();
  }

  // ------------------------------------------------------------------ teachers

  /** The caller's own recognitions, newest first (rules are evaluated first, so nothing earned is missing). */
  async mine(ctx: LaunchContext): Promise<Recognition[]> {
    await this.pass.freshen(ctx.tenant.id);
    return (await this.d.repo.forRecipient(ctx.tenant.id, ctx.user.id)).map(recognitionOf);
  }

  /** The signed credential of one of the caller's own recognitions, exactly as issued. */
  async credential(ctx: LaunchContext, id: string): Promise<string> {
    const json = await this.d.repo.credentialOf(ctx.tenant.id, id, ctx.user.id);
    if (!json) throw new AppError('not_found', 'That recognition is not among yours.');
    return json;
  }

  /** The caller shows or hides one of their recognitions on their courses' walls. */
  async setOnWall(ctx: LaunchContext, id: string, onWall: boolean): Promise<Recognition> {
    if (!(await this.d.repo.setOnWall(ctx.tenant.id, id, ctx.user.id, onWall)))
      throw new AppError('not_found', 'That recognition is not among yours.');
    return recognitionOf((await this.d.repo.get(ctx.tenant.id, id))!);
  }

  /** The launch's course wall: who in the course was recognised for what, newest first. */
  async wall(ctx: LaunchContext): Promise<{ course: { id: string; title: string }; entries: WallEntry[] }> {
    if (!ctx.course) throw new AppError('validation_failed', 'Open Margins from a course to see its recognition wall.');
    await this.pass.freshen(ctx.tenant.id);
    const rows = await this.d.repo.wall(ctx.tenant.id, ctx.course.id);
    return {
      course: { id: ctx.course.id, title: ctx.course.title },
      entries: rows.map((r) => ({
        id: r.id,
        recipientName: r.recipient_name || 'A colleague',
        kind: r.rule_id ? 'rule' : 'coach',
        title: r.title,
        description: r.description,
        citation: r.citation,
        earnedAt: r.earned_at,
      })),
    };
  }

  // ------------------------------------------------------------------ coaches and district admins

  /** The district's recognitions, newest first. */
  async district(ctx: LaunchContext): Promise<Recognition[]> {
    requireManager(ctx, 'see the district\u2019s recognitions');
    await this.pass.freshen(ctx.tenant.id);
    return (await this.d.repo.forTenant(ctx.tenant.id)).map(recognitionOf);
  }

  /**
   * What a coach award would make public, exactly (issue 16): the texts of the credential as it will
   * be signed and the wall's line, after the roster-aware privacy check (a 400 naming the positions
   * of a student's name). Nothing is signed; `confirmation` binds the award to these very texts.
   */
  async previewAward(ctx: LaunchContext, input: CoachAwardInput): Promise<AwardPreview> {
    return (await this.prepareAward(ctx, input)).preview;
  }

  /**
   * A coach awards recognition with a citation, once they have seen the preview of exactly these
   * texts (`confirmedPreview`); a citation with a student's name or other personal details is refused.
   */
  async award(ctx: LaunchContext, input: CoachAwardInput): Promise<Recognition> {
    const { award, recipient, preview, awardedAt } = await this.prepareAward(ctx, input);
    if (!award.confirmedPreview)
      throw new AppError('validation_failed', 'Preview the public text of the recognition before awarding it.', [
        { path: 'confirmedPreview', message: 'Preview the public text of the recognition before awarding it.' },
      ]);
    if (award.confirmedPreview !== preview.confirmation)
      throw new AppError('conflict', 'The recognition changed since its preview: preview it again before awarding it.');
    const { confirmedPreview: _, ...signed } = award;
    const id = await storeRecognition(this.d, ctx.tenant.id, {
      recipient,
      ruleId: null,
      title: award.title,
      description: preview.description,
      citation: award.citation,
      awardedBy: ctx.user.id,
      earnedAt: awardedAt,
      adaptationId: null,
      build: { recognition: { kind: 'coach', award: signed, awardedAt }, achievementId: `urn:uuid:${randomUUID()}` },
    });
    return recognitionOf((await this.d.repo.get(ctx.tenant.id, id!))!);
  }

  private prepareAward(ctx: LaunchContext, input: CoachAwardInput) {
    return prepareCoachAward({ ...this.d, recipientOf }, ctx, input);
  }

  /** Revokes a recognition of the district, with the reason; the signed status list is re-issued at once. */
  async revoke(ctx: LaunchContext, id: string, input: { reason: string }): Promise<Recognition> {
    requireManager(ctx, 'revoke recognition');
    const { reason } = parseOrThrow(RevokeInputSchema, input, 'The revocation');
    if (!(await this.d.repo.revoke(ctx.tenant.id, id, ctx.user.id, reason))) {
      const row = await this.d.repo.get(ctx.tenant.id, id);
      throw row
        ? new AppError('conflict', 'This recognition was already revoked.')
        : new AppError('not_found', 'That recognition was not found in your district.');
    }
    await this.d.issuer.statusListCredential(ctx.tenant.id);
    return recognitionOf((await this.d.repo.get(ctx.tenant.id, id))!);
  }

  /** The district's rules, whether each is on, and the public text of its badges. */
  async rules(ctx: LaunchContext): Promise<RecognitionRuleSetting[]> {
    requireManager(ctx, 'see recognition rules');
    await this.pass.ensureRules(ctx.tenant.id);
    return Promise.all(
      (await this.d.repo.rules(ctx.tenant.id)).map(async (r) => ({
        ...r.rule,
        enabled: r.enabled,
        publicText: await rulePublicText(this.d.issuer, ctx.tenant.id, r.rule),
      })),
    );
  }

  /**
   * Turns a rule on or off for the district (recognitions already issued stay; revoke them one by
   * one). Turning one on signs badges with its text from then on: only with the confirmation of the
   * public text the district was shown (issue 16).
   */
  async setRule(
    ctx: LaunchContext,
    ruleId: string,
    enabled: boolean,
    confirmedPreview?: string,
  ): Promise<RecognitionRuleSetting> {
    requireManager(ctx, 'change recognition rules');
    const current = (await this.rules(ctx)).find((r) => r.id === ruleId);
    if (!current) throw new AppError('not_found', 'Your district has no such recognition rule.');
    if (enabled && !current.enabled && confirmedPreview !== current.publicText.confirmation)
      throw new AppError('validation_failed', 'Read the public text of this rule\u2019s badges before turning it on.', [
        { path: 'confirmedPreview', message: 'Read the public text of this rule\u2019s badges before turning it on.' },
      ]);
    if (!(await this.d.repo.setRuleEnabled(ctx.tenant.id, ruleId, enabled, ctx.user.id)))
      throw new AppError('not_found', 'Your district has no such recognition rule.');
    await this.pass.rulesChanged(ctx.tenant.id);
    if (enabled) this.pass.schedule(ctx.tenant.id);
    return (await this.rules(ctx)).find((r) => r.id === ruleId)!;
  }
}
