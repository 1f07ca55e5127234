import { z } from 'zod';
import { canonicalPageUrl } from './page-url.js';
import { TargetSelectorsSchema } from './selectors.js';
import { AdaptationKindSchema, GradeBandSchema, LearnerNeedSchema, SubjectSchema } from './taxonomy.js';
import { nameText, pageText, plainText } from './text.js';

/** Longest adaptation body; a teacher's note, not a document. */
export const MAX_BODY_LENGTH = 10_000;
/** Longest rationale or evidence note. */
export const MAX_NOTE_LENGTH = 5_000;

/** Who may see an adaptation (DESIGN: Visibility). Enforced by the tool, never only in the client. */
export const VISIBILITIES = ['private', 'course', 'district', 'network'] as const;
/** Schema for a visibility level. */
export const VisibilitySchema = z.enum(VISIBILITIES, {
  error: (issue) => `Unknown visibility ${JSON.stringify(issue.input)}. Use one of: ${VISIBILITIES.join(', ')}.`,
});
/** One visibility level. */
export type Visibility = z.infer<typeof VisibilitySchema>;

/** Identifiers are UUIDs everywhere so offline clients can create them. */
export const IdSchema = z.uuid('The id must be a UUID.');
/** ISO 8601 timestamp with a time zone. */
export const TimestampSchema = z.iso.datetime({
  offset: true,
  error: 'The time must be an ISO 8601 date-time, e.g. 2026-01-31T09:00:00Z.',
});

/** Who wrote an adaptation: an opaque id from the tool (or the local device before pairing) and a display name. */
export const AuthorSchema = z.object({
  id: z.string().min(1, 'The author id is required.').max(200, 'The author id is too long.'),
  // A name comes from the LMS: text, never checked for markup (every view renders it as text).
  name: nameText('The author name', 200).optional(),
});
/** The author of an adaptation. */
export type Author = z.infer<typeof AuthorSchema>;

/**
 * How a remix credits the author of its original once that author deleted their account (issue 16):
 * "a former colleague", never their name, in every view of every language.
 */
export const FORMER_COLLEAGUE: Author = { id: 'former-colleague' };

/** The page an adaptation belongs to; the URL is canonicalised on parse so both sides agree. */
export const PageRefSchema = z.object({
  url: z
    .string({ error: 'The page address is required.' })
    .max(4_000, 'The page address is too long.')
    .transform((url, ctx) => {
      try {
        return canonicalPageUrl(url);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : 'The page address is not valid.' });
        return z.NEVER;
      }
    }),
  title: pageText(500).default(''),
});
/** A page reference. */
export type PageRef = z.infer<typeof PageRefSchema>;

/** Which learners, in which grades and subjects, the adaptation is for. */
export const AudienceSchema = z.object({
  gradeBands: z.array(GradeBandSchema).max(6).default([]),
  subjects: z.array(SubjectSchema).max(11).default([]),
  learnerNeeds: z.array(LearnerNeedSchema).max(7).default([]),
});
/** An audience. */
export type Audience = z.infer<typeof AudienceSchema>;

/** How it went in class: evidence of impact the author observed. */
export const OUTCOMES = ['improved', 'mixed', 'no-change', 'not-yet-tried'] as const;
/** Schema for an observed outcome. */
export const OutcomeSchema = z.enum(OUTCOMES, {
  error: (issue) => `Unknown outcome ${JSON.stringify(issue.input)}. Use one of: ${OUTCOMES.join(', ')}.`,
});
/** Evidence of impact. */
export const EvidenceSchema = z.object({
  outcome: OutcomeSchema,
  note: plainText('The evidence note', { max: MAX_NOTE_LENGTH, multiline: true }).default(''),
});
/** Evidence of impact. */
export type Evidence = z.infer<typeof EvidenceSchema>;

/** Where a remix came from, so the original author is always credited. */
export const ProvenanceSchema = z.object({
  remixedFrom: IdSchema,
  originalAuthor: AuthorSchema.optional(),
});
/** Provenance of a remix. */
export type Provenance = z.infer<typeof ProvenanceSchema>;

const uniqueKinds = z
  .array(AdaptationKindSchema, { error: 'Choose at least one kind of adaptation.' })
  .min(1, 'Choose at least one kind of adaptation.')
  .max(12)
  .refine((kinds) => new Set(kinds).size === kinds.length, 'Each kind can be chosen only once.');

/** The fields a teacher edits; shared by create and update forms and requests. */
export const AdaptationContentSchema = z.object({
  kinds: uniqueKinds,
  body: plainText('The adaptation', { min: 1, max: MAX_BODY_LENGTH, multiline: true }),
  rationale: plainText('The rationale', { max: MAX_NOTE_LENGTH, multiline: true }).default(''),
  audience: AudienceSchema.default({ gradeBands: [], subjects: [], learnerNeeds: [] }),
  evidence: EvidenceSchema.optional(),
  visibility: VisibilitySchema.default('private'),
});
/** The editable content of an adaptation. */
export type AdaptationContent = z.infer<typeof AdaptationContentSchema>;

/**
 * An instructional adaptation written in the margin of a curriculum page (DESIGN: Domain model).
 * `version` increases by one on every saved change and drives optimistic concurrency in sync.
 */
export const AdaptationSchema = AdaptationContentSchema.extend({
  id: IdSchema,
  author: AuthorSchema,
  page: PageRefSchema,
  target: TargetSelectorsSchema,
  provenance: ProvenanceSchema.optional(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  version: z.number().int().min(1, 'The version starts at 1.'),
});
/** An adaptation after parsing (defaults filled, URL canonical). */
export type Adaptation = z.infer<typeof AdaptationSchema>;
/** An adaptation before parsing (optional fields may be absent). */
export type AdaptationInput = z.input<typeof AdaptationSchema>;
