import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  AppError,
  CoachAwardInputSchema,
  parseOrThrow,
  plainText,
  RecognitionRuleSchema,
  type CoachAwardInput,
  type EarnedRecognition,
  type RecognitionRule,
} from '@margins/shared';
import { findSharedTextConcerns } from '@margins/shared/names';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './document-loader.js';
import { xsdDateTime, type DataIntegrityProof } from './data-integrity.js';
import { describeRuleEvidence } from './evidence.js';
import { ACHIEVEMENT_CREDENTIAL_SCHEMA_ID, ONEEDTECH_SCHEMA_VALIDATOR_TYPE } from './schema.js';
import type { StatusListEntry } from './status-list.js';

/**
 * Builds the Open Badges 3.0 AchievementCredential (OB 3.0 §B.1.1) for a Margins recognition,
 * unsigned: sign it with signDocument(). Personal data is kept to what a verifier needs: the
 * teacher appears only as a salted hash of an identifier (OB 3.0 IdentityObject), never by name;
 * evidence describes what earned it without naming colleagues, students or adaptations.
 */

/**
 * The credential's @context: VC 2.0, OB 3.0.3, and one term the OB context leaves to its
 * extensions context: the credentialSchema type, mapped to the IRI 1EdTech's extensions.json
 * gives it, so the signature covers it and no extra remote context is needed.
 */
export const ACHIEVEMENT_CREDENTIAL_CONTEXT = [
  VC_V2_CONTEXT,
  OB_V3_CONTEXT,
  {
    [ONEEDTECH_SCHEMA_VALIDATOR_TYPE]: `https://purl.imsglobal.org/spec/vccs/v1p0/context.json#${ONEEDTECH_SCHEMA_VALIDATOR_TYPE}`,
  },
] as const;

const HttpsOrDidKey = z
  .string()
  .refine(
    (s) =>
      /^https:\/\/[^\s#]+$/.test(s) ||
      /^did:key:z[1-9A-HJ-NP-Za-km-z]+$/.test(s) ||
      /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/[^\s#]*$/.test(s),
    'Must be an https URL without a fragment, or a did:key.',
  );
const Url = z
  .string()
  .refine((s) => /^(https?:\/\/[^\s]+|urn:uuid:[0-9a-f-]{36})$/i.test(s), 'Must be an http(s) URL or a urn:uuid.');

/** The district as issuer (OB 3.0 Profile). The tool serves this profile at `id`. */
export const IssuerProfileSchema = z.object({
  id: HttpsOrDidKey,
  name: plainText('The district name', { min: 1, max: 200 }),
  url: z.url({ protocol: /^https?$/, error: 'The district website must be an http(s) URL.' }).optional(),
  email: z.email('The district contact email is not valid.').optional(),
  description: plainText('The district description', { max: 1000 }).optional(),
  image: z.object({ id: Url, caption: plainText('The image caption', { max: 200 }).optional() }).optional(),
});
/** An issuer profile. */
export type IssuerProfile = z.input<typeof IssuerProfileSchema>;

/** OB 3.0 IdentifierTypeEnum values Margins may hash for a teacher. */
export const RECIPIENT_IDENTITY_TYPES = ['emailAddress', 'ltiUserId', 'systemId', 'sourcedId', 'accountId'] as const;

/** Who the credential is about: an email, or another identifier the teacher can later prove. */
export const RecipientSchema = z.union([
  z.object({ email: z.email('The recipient email is not valid.') }),
  z.object({ identityType: z.enum(RECIPIENT_IDENTITY_TYPES), value: z.string().min(1).max(500) }),
]);
/** A recipient before hashing. */
export type Recipient = z.input<typeof RecipientSchema>;

/** An OB 3.0 IdentityObject, always hashed here. */
export interface IdentityObject {
  type: 'IdentityObject';
  hashed: true;
  identityHash: string;
  identityType: string;
  salt: string;
}

/** Emails compare case-insensitively; other identifiers exactly. */
function normalizedIdentifier(identityType: string, value: string): string {
  return identityType === 'emailAddress' ? value.trim().toLowerCase() : value;
}

/** IdentityHash (OB 3.0 §B.3): `sha256$` + hex SHA-256 of the UTF-8 identifier followed by the salt. */
export function identityHash(identityType: string, value: string, salt: string): string {
  return `sha256$${createHash('sha256')
    .update(normalizedIdentifier(identityType, value) + salt, 'utf8')
    .digest('hex')}`;
}

/** The salted IdentityObject for a recipient; a fresh random salt each time unless one is given. */
export function hashRecipient(recipient: Recipient, salt = randomBytes(16).toString('hex')): IdentityObject {
  const r = parseOrThrow(RecipientSchema, recipient, 'The recipient');
  const [identityType, value] = 'email' in r ? ['emailAddress', r.email] : [r.identityType, r.value];
  return {
    type: 'IdentityObject',
    hashed: true,
    identityHash: identityHash(identityType, value, salt),
    identityType,
    salt,
  };
}

/**
 * OB 3.0 §8.4 "Verify the Recipient Using an Identifier": true when a known plaintext identifier
 * (e.g. the email a verifier was given) matches one of the credential subject's identifiers.
 */
export function recipientMatches(credential: unknown, identityType: string, knownValue: string): boolean {
  const subject = (credential as { credentialSubject?: { identifier?: unknown } } | null)?.credentialSubject;
  const identifiers = Array.isArray(subject?.identifier) ? subject.identifier : [];
  return identifiers.some((raw) => {
    const id = raw as Partial<IdentityObject> & { hashed?: boolean };
    if (!id || id.identityType !== identityType || typeof id.identityHash !== 'string') return false;
    if (id.hashed)
      return (
        id.identityHash.toLowerCase() === identityHash(identityType, knownValue, String(id.salt ?? '')).toLowerCase()
      );
    return normalizedIdentifier(identityType, id.identityHash) === normalizedIdentifier(identityType, knownValue);
  });
}

/** A rule-earned recognition: the rule and what the evaluator found. */
export interface RuleRecognition {
  kind: 'rule';
  rule: RecognitionRule;
  earned: EarnedRecognition;
}

/** A coach-awarded recognition with its citation. */
export interface CoachRecognition {
  kind: 'coach';
  award: CoachAwardInput;
  /** When the coach awarded it (ISO date-time). */
  awardedAt: string;
}

/** What the tool passes to build one credential. */
export interface BuildCredentialInput {
  /** The credential's id: the URL the tool serves it at (or a urn:uuid). */
  id: string;
  issuer: IssuerProfile;
  recognition: RuleRecognition | CoachRecognition;
  /** The achievement's id: a stable URL per rule (and per coach award) that the tool can serve. */
  achievementId: string;
  recipient: Recipient;
  /** Issuance time; defaults to now. */
  validFrom?: Date;
  validUntil?: Date;
  /** The revocation pointer (buildStatusListEntry); omit only for credentials that can never be revoked. */
  status?: StatusListEntry;
  /** A badge image the tool hosts. */
  image?: { id: string; caption?: string };
  /** A public page about the evidence, if one exists; never a link to private data. */
  evidenceUrl?: string;
  /** Fixed salt for the recipient hash (tests only; a random salt per credential otherwise). */
  recipientSalt?: string;
}

/** An OB 3.0 AchievementCredential as Margins issues it. */
export interface AchievementCredential {
  '@context': readonly unknown[];
  id: string;
  type: string[];
  name: string;
  description: string;
  issuer: Record<string, unknown> & { id: string; type: string[]; name: string };
  validFrom: string;
  validUntil?: string;
  awardedDate: string;
  credentialSubject: Record<string, unknown> & {
    type: string[];
    identifier: IdentityObject[];
    achievement: Record<string, unknown>;
  };
  evidence: Record<string, unknown>[];
  credentialSchema: { id: string; type: string }[];
  credentialStatus?: StatusListEntry;
  proof?: DataIntegrityProof[];
  [key: string]: unknown;
}

const ENTRY_POINT_TAGS: Record<RecognitionRule['entryPoint'], string> = {
  author: 'sharing practice',
  tester: 'trying colleagues\u2019 practice',
  feedback: 'peer feedback',
  curator: 'curation',
  mentor: 'mentoring',
  influence: 'spreading practice across schools',
};

/**
 * The last line before signing: the shared detector without a roster (the service checks the
 * writer's rosters before this). Issues give positions, never the words, so logs stay clean.
 */
function refusePrivateDetails(award: { title: string; citation: string }): void {
  const issues = (['title', 'citation'] as const).flatMap((field) =>
    findSharedTextConcerns(award[field]).map((c) => ({
      path: `award.${field}`,
      message: `${c.message} (characters ${c.index + 1}–${c.index + c.text.length})`,
    })),
  );
  if (issues.length) {
    throw new AppError(
      'validation_failed',
      'A badge is public and permanent: remove the personal details flagged in the title or citation before awarding it.',
      issues,
    );
  }
}

function profileOf(issuer: z.output<typeof IssuerProfileSchema>) {
  return {
    id: issuer.id,
    type: ['Profile'],
    name: issuer.name,
    ...(issuer.url ? { url: issuer.url } : {}),
    ...(issuer.email ? { email: issuer.email } : {}),
    ...(issuer.description ? { description: issuer.description } : {}),
    ...(issuer.image
      ? {
          image: {
            id: issuer.image.id,
            type: 'Image',
            ...(issuer.image.caption ? { caption: issuer.image.caption } : {}),
          },
        }
      : {}),
  };
}

/** Builds the unsigned AchievementCredential for a recognition. Throws AppError on bad input. */
export function buildAchievementCredential(input: BuildCredentialInput): AchievementCredential {
  const issuer = parseOrThrow(IssuerProfileSchema, input.issuer, 'The issuer profile');
  parseOrThrow(Url, input.id, 'The credential id');
  parseOrThrow(Url, input.achievementId, 'The achievement id');
  if (input.evidenceUrl !== undefined) parseOrThrow(Url, input.evidenceUrl, 'The evidence URL');
  if (input.image)
    parseOrThrow(
      z.object({ id: Url, caption: plainText('The image caption', { max: 200 }).optional() }),
      input.image,
      'The badge image',
    );
  const validFrom = input.validFrom ?? new Date();
  if (input.validUntil && input.validUntil <= validFrom)
    throw new AppError('validation_failed', 'The credential must stay valid for some time after it is issued.');
  const profile = profileOf(issuer);

  let name: string;
  let description: string;
  let achievement: Record<string, unknown>;
  let evidence: Record<string, unknown>;
  let awardedDate: string;
  const r = input.recognition;
  if (r.kind === 'rule') {
    const rule = parseOrThrow(RecognitionRuleSchema, r.rule, 'The recognition rule');
    if (r.earned.ruleId !== rule.id)
      throw new AppError('validation_failed', 'The earned recognition is for a different rule.');
    name = rule.name;
    description = rule.description;
    awardedDate = xsdDateTime(
      new Date(parseOrThrow(z.iso.datetime({ offset: true }), r.earned.earnedAt, 'The time it was earned')),
    );
    achievement = {
      id: input.achievementId,
      type: ['Achievement'],
      achievementType: 'Badge',
      name: rule.name,
      description: rule.description,
      criteria: { narrative: rule.criteria },
      tag: ['teacher leadership', ENTRY_POINT_TAGS[rule.entryPoint]],
    };
    evidence = {
      type: ['Evidence'],
      ...(input.evidenceUrl ? { id: input.evidenceUrl } : {}),
      name: 'How this recognition was earned',
      narrative: describeRuleEvidence(rule, r.earned, issuer.name),
      genre: 'Contribution record',
    };
  } else {
    const award = parseOrThrow(CoachAwardInputSchema, r.award, 'The coach award');
    refusePrivateDetails(award);
    awardedDate = xsdDateTime(new Date(parseOrThrow(z.iso.datetime({ offset: true }), r.awardedAt, 'The award time')));
    name = award.title;
    description = `Recognition of teacher leadership awarded by an instructional coach at ${issuer.name}.`;
    achievement = {
      id: input.achievementId,
      type: ['Achievement'],
      achievementType: 'Award',
      name: award.title,
      description,
      criteria: {
        narrative: `Awarded by an instructional coach at ${issuer.name} to recognise a teacher's leadership in instructional practice; the citation says what the teacher did.`,
      },
      tag: ['teacher leadership', 'coach award'],
    };
    evidence = {
      type: ['Evidence'],
      ...(input.evidenceUrl ? { id: input.evidenceUrl } : {}),
      name: 'Citation',
      narrative: award.citation,
      genre: 'Coach citation',
    };
  }
  if (input.image)
    achievement.image = {
      id: input.image.id,
      type: 'Image',
      ...(input.image.caption ? { caption: input.image.caption } : {}),
    };
  achievement.creator = profile;
  achievement.inLanguage = 'en';

  return {
    '@context': ACHIEVEMENT_CREDENTIAL_CONTEXT,
    id: input.id,
    type: ['VerifiableCredential', 'AchievementCredential'],
    name,
    description,
    issuer: profile,
    validFrom: xsdDateTime(validFrom),
    ...(input.validUntil ? { validUntil: xsdDateTime(input.validUntil) } : {}),
    awardedDate,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [hashRecipient(input.recipient, input.recipientSalt)],
      achievement,
    },
    evidence: [evidence],
    credentialSchema: [{ id: ACHIEVEMENT_CREDENTIAL_SCHEMA_ID, type: ONEEDTECH_SCHEMA_VALIDATOR_TYPE }],
    ...(input.status ? { credentialStatus: input.status } : {}),
  };
}
