import { createHash, randomUUID } from 'node:crypto';
import {
  AppError,
  CoachAwardInputSchema,
  parseOrThrow,
  type AwardPreview,
  type CoachAwardInput,
  type RecognitionRule,
  type RulePublicText,
} from '@margins/shared';
import type { Recipient } from '../badges/index.js';
import { nowIso } from '../data/db.js';
import type { TenancyRepo, UserRow } from '../data/tenancy-repo.js';
import type { LaunchContext } from '../lti/launch-context.js';
import type { BadgeIssuer } from './badge-issuer.js';
import { requireCoach } from './coach-access.js';
import type { PrivacyGuard } from './privacy-guard.js';

/**
 * What a credential will make public, before anything is signed (issue 16): the texts are read off
 * the very credential the issuer would sign (an unsigned draft), and a confirmation hash binds a
 * later "sign" to exactly these texts, so a text changed after the preview is never signed unseen.
 */

/** The evidence's narrative, as signed. */
const narrativeOf = (e: Record<string, unknown> | undefined) => (typeof e?.narrative === 'string' ? e.narrative : '');

const confirmationOf = (parts: unknown[]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/** The public text of a coach award for `recipient`, from the unsigned credential. */
export async function previewCoachAward(
  issuer: BadgeIssuer,
  tenantId: string,
  recipient: { id: string; name: string; identity: Recipient },
  award: Omit<CoachAwardInput, 'confirmedPreview'>,
  awardedAt: string,
): Promise<AwardPreview> {
  const draft = await issuer.draft(tenantId, {
    id: `urn:uuid:${randomUUID()}`,
    recognition: { kind: 'coach', award, awardedAt },
    achievementId: `urn:uuid:${randomUUID()}`,
    recipient: recipient.identity,
  });
  const achievement = draft.credentialSubject.achievement as { criteria: { narrative: string } };
  const shown = {
    name: draft.name,
    description: draft.description,
    criteria: achievement.criteria.narrative,
    citation: narrativeOf(draft.evidence[0]),
    issuerName: draft.issuer.name,
    recipientName: recipient.name || 'A colleague',
  };
  return { ...shown, confirmation: confirmationOf([tenantId, recipient.id, shown]) };
}

/**
 * The public text of a rule's badges: fixed by the rule (no teacher writes any of it) except the
 * evidence's count and date, shown here for a teacher who just met the threshold.
 */
export async function rulePublicText(
  issuer: BadgeIssuer,
  tenantId: string,
  rule: RecognitionRule,
): Promise<RulePublicText> {
  const earnedAt = new Date().toISOString();
  const draft = await issuer.draft(tenantId, {
    id: `urn:uuid:${randomUUID()}`,
    recognition: {
      kind: 'rule',
      rule,
      earned: {
        ruleId: rule.id,
        personId: 'example',
        earnedAt,
        adaptationId: null,
        eventIds: Array.from({ length: rule.threshold }, (_, i) => `example-${i}`),
      },
    },
    achievementId: issuer.achievementUrl(tenantId, rule.id),
    recipient: { identityType: 'ltiUserId', value: 'example' },
  });
  const achievement = draft.credentialSubject.achievement as { criteria: { narrative: string } };
  const fixed = {
    name: draft.name,
    description: draft.description,
    criteria: achievement.criteria.narrative,
    issuerName: draft.issuer.name,
  };
  return {
    ...fixed,
    evidenceExample: narrativeOf(draft.evidence[0]),
    confirmation: confirmationOf([tenantId, rule.id, fixed]),
  };
}

/**
 * Everything an award checks before it can be previewed or signed: a coach of the district, not
 * themselves, a recipient of the same district, and texts with no learner's name (the roster-aware
 * guard, blocking); then the preview of exactly what would be signed.
 */
export async function prepareCoachAward(
  d: {
    tenancy: TenancyRepo;
    issuer: BadgeIssuer;
    privacy?: PrivacyGuard | undefined;
    recipientOf: (u: UserRow) => Recipient;
  },
  ctx: LaunchContext,
  input: CoachAwardInput,
) {
  requireCoach(ctx, 'award recognition');
  const award = parseOrThrow(CoachAwardInputSchema, input, 'The recognition');
  if (award.recipientId === ctx.user.id)
    throw new AppError('validation_failed', 'You cannot award recognition to yourself: ask another coach.');
  const recipient = await d.tenancy.getUser(award.recipientId);
  if (!recipient || recipient.tenant_id !== ctx.tenant.id)
    throw new AppError('not_found', 'That person has not opened Margins in your district.');
  await d.privacy?.refuse(
    { tenantId: ctx.tenant.id, userId: ctx.user.id, name: ctx.user.name },
    { title: award.title, citation: award.citation },
    'A badge',
  );
  const awardedAt = nowIso();
  const { confirmedPreview: _, ...texts } = award;
  const preview = await previewCoachAward(
    d.issuer,
    ctx.tenant.id,
    { id: recipient.id, name: recipient.name, identity: d.recipientOf(recipient) },
    texts,
    awardedAt,
  );
  return { award, recipient, awardedAt, preview };
}
