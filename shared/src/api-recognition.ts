import { z } from 'zod';
import { IdSchema, TimestampSchema } from './adaptation.js';
import { endpoint, PersonRefSchema } from './api-endpoint.js';
import { CoachAwardInputSchema, RecognitionRuleSchema } from './recognition.js';
import { plainText } from './text.js';

/**
 * Recognition's part of the REST contract (issue 7): a teacher's own recognitions and their Open
 * Badges 3.0 credentials, the course recognition wall, the coach/admin Recognition tab, and the
 * public verification endpoint. No endpoint counts or ranks people; none names an adaptation.
 */

/** One recognition as its recipient, or a coach of the district, sees it. */
export const RecognitionSchema = z.object({
  id: IdSchema,
  kind: z.enum(['rule', 'coach']),
  /** The rule that earned it; null for a coach award. */
  ruleId: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  /** A coach award's citation; null for rule recognitions. */
  citation: z.string().nullable(),
  recipient: PersonRefSchema,
  /** The coach who awarded it; null for rule recognitions. */
  awardedBy: PersonRefSchema.nullable(),
  earnedAt: TimestampSchema,
  issuedAt: TimestampSchema,
  status: z.enum(['active', 'revoked']),
  revokedAt: TimestampSchema.nullable(),
  revokedReason: z.string().nullable(),
  /** Whether it appears on the course recognition walls of its recipient's courses. */
  onWall: z.boolean(),
});
/** A recognition. */
export type Recognition = z.infer<typeof RecognitionSchema>;

/**
 * What every badge of a rule makes public (issue 16): fixed texts, no teacher's words; the
 * evidence varies only in its count and date (an example is shown). Turning a rule on sends
 * `confirmation` back: the district has seen what it will sign.
 */
export const RulePublicTextSchema = z.object({
  name: z.string(),
  description: z.string(),
  criteria: z.string(),
  issuerName: z.string(),
  evidenceExample: z.string(),
  confirmation: z.string().regex(/^[0-9a-f]{64}$/),
});
/** A rule's public text. */
export type RulePublicText = z.infer<typeof RulePublicTextSchema>;

/** A recognition rule with the district's on/off switch and the public text of its badges. */
export const RecognitionRuleSettingSchema = RecognitionRuleSchema.extend({
  enabled: z.boolean(),
  publicText: RulePublicTextSchema,
});
/** A rule setting. */
export type RecognitionRuleSetting = z.infer<typeof RecognitionRuleSettingSchema>;

/** One entry of a course recognition wall: who was recognised for what (never a count or a rank). */
export const WallEntrySchema = z.object({
  id: IdSchema,
  recipientName: z.string(),
  kind: z.enum(['rule', 'coach']),
  title: z.string(),
  description: z.string(),
  citation: z.string().nullable(),
  earnedAt: TimestampSchema,
});
/** A wall entry. */
export type WallEntry = z.infer<typeof WallEntrySchema>;

/**
 * Exactly what a coach award will make public (issue 16): the credential's texts as it will be
 * signed and what the course wall will show; `confirmation` goes back with the award to sign it.
 */
export const AwardPreviewSchema = z.object({
  /** The credential's name (the title) and description, as anyone holding it reads them. */
  name: z.string(),
  description: z.string(),
  /** The achievement's criteria, as signed. */
  criteria: z.string(),
  /** The citation, as signed (the evidence narrative) and shown on the walls. */
  citation: z.string(),
  /** The district, the issuer everyone sees. */
  issuerName: z.string(),
  /** The teacher, as the course wall names them (the credential itself carries only a salted hash). */
  recipientName: z.string(),
  confirmation: z.string().regex(/^[0-9a-f]{64}$/),
});
/** A coach award preview. */
export type AwardPreview = z.infer<typeof AwardPreviewSchema>;

/** Why a recognition is revoked (kept with it, shown to the recipient). */
export const RevokeInputSchema = z.object({ reason: plainText('The reason', { min: 5, max: 500, multiline: true }) });

/** One reason a credential did not verify, in a sentence. */
export const VerificationProblemSchema = z.object({
  code: z.string(),
  message: z.string(),
  path: z.string().optional(),
});

/** The answer of the public verification endpoint. */
export const VerificationAnswerSchema = z.object({
  valid: z.boolean(),
  problems: z.array(VerificationProblemSchema),
  credentialId: z.string().nullable(),
  issuerId: z.string().nullable(),
  status: z.enum(['active', 'revoked', 'none', 'unchecked']),
  checkedAt: z.string(),
  /** What the credential claims, for display as text (only when it is an object with these fields). */
  summary: z.object({
    achievement: z.string().nullable(),
    issuer: z.string().nullable(),
    awardedDate: z.string().nullable(),
    description: z.string().nullable(),
    /** How it is earned (the achievement's criteria narrative), as issued. */
    criteria: z.string().nullable().default(null),
    /** The evidence as issued: what earned it, or the coach's citation (never student data). */
    evidence: z.array(z.object({ name: z.string().nullable(), narrative: z.string() })).default([]),
    validFrom: z.string().nullable().default(null),
    validUntil: z.string().nullable().default(null),
    /**
     * The earner as the credential names them: salted hashes only. The page checks an email against
     * them in the browser (OB 3.0 §8.4), so the email a verifier types never leaves their machine.
     */
    recipient: z.array(z.object({ identityType: z.string(), identityHash: z.string(), salt: z.string() })).default([]),
  }),
});
/** A verification answer. */
export type VerificationAnswer = z.infer<typeof VerificationAnswerSchema>;

/** Where the public badge documents live (issuer profile, status list, verification). */
export const BADGE_PATHS = {
  issuer: '/badges/issuers/:tenantId',
  statusList: '/badges/status/:tenantId',
  achievement: '/badges/achievements/:tenantId/:ruleId',
  verify: '/badges/verify',
  verifyPage: '/badges/verify',
} as const;

const none = z.object({}).strict();
const idParams = z.object({ id: IdSchema });

/** The recognition endpoints (version 1). Public ones are marked `auth: 'public'`. */
export const recognitionApi = {
  mine: endpoint({
    method: 'GET',
    path: '/api/v1/recognition/mine',
    auth: 'launch',
    response: z.object({ recognitions: z.array(RecognitionSchema) }),
  }),
  /** The signed credential, exactly as issued (`application/ld+json`, as a `.json` download). Only its recipient. */
  credential: endpoint({
    method: 'GET',
    path: '/api/v1/recognition/:id/credential',
    auth: 'launch',
    params: idParams,
    response: z.record(z.string(), z.unknown()),
  }),
  setWall: endpoint({
    method: 'PUT',
    path: '/api/v1/recognition/:id/wall',
    auth: 'launch',
    params: idParams,
    body: z.object({ onWall: z.boolean() }),
    response: RecognitionSchema,
  }),
  wall: endpoint({
    method: 'GET',
    path: '/api/v1/recognition/wall',
    auth: 'launch',
    response: z.object({ course: z.object({ id: z.string(), title: z.string() }), entries: z.array(WallEntrySchema) }),
  }),

  district: endpoint({
    method: 'GET',
    path: '/api/v1/coach/recognition',
    auth: 'launch',
    query: none,
    response: z.object({ recognitions: z.array(RecognitionSchema) }),
  }),
  awardPreview: endpoint({
    method: 'POST',
    path: '/api/v1/coach/recognition/preview',
    auth: 'launch',
    body: CoachAwardInputSchema,
    response: AwardPreviewSchema,
  }),
  award: endpoint({
    method: 'POST',
    path: '/api/v1/coach/recognition',
    auth: 'launch',
    body: CoachAwardInputSchema,
    response: RecognitionSchema,
  }),
  revoke: endpoint({
    method: 'POST',
    path: '/api/v1/coach/recognition/:id/revoke',
    auth: 'launch',
    params: idParams,
    body: RevokeInputSchema,
    response: RecognitionSchema,
  }),
  rules: endpoint({
    method: 'GET',
    path: '/api/v1/coach/recognition/rules',
    auth: 'launch',
    response: z.object({ rules: z.array(RecognitionRuleSettingSchema) }),
  }),
  setRule: endpoint({
    method: 'PUT',
    path: '/api/v1/coach/recognition/rules/:ruleId',
    auth: 'launch',
    params: z.object({ ruleId: RecognitionRuleSchema.shape.id }),
    body: z.object({
      enabled: z.boolean(),
      /** Required to turn a rule on: the `publicText.confirmation` the district saw. */
      confirmedPreview: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .optional(),
    }),
    response: RecognitionRuleSettingSchema,
  }),

  /** Public: a credential (JSON) in, every problem out. Never fetches anything elsewhere. */
  verify: endpoint({ method: 'POST', path: BADGE_PATHS.verify, auth: 'public', response: VerificationAnswerSchema }),
} as const;
