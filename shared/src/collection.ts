import { z } from 'zod';
import { AuthorSchema, IdSchema, TimestampSchema } from './adaptation.js';
import { plainText } from './text.js';

/** A school or district goal that coaches align collections to. */
export const FocusAreaInputSchema = z.object({
  title: plainText('The focus area title', { min: 1, max: 200 }),
  description: plainText('The focus area description', { max: 2_000, multiline: true }).default(''),
});
/** A focus area as stored. */
export const FocusAreaSchema = FocusAreaInputSchema.extend({ id: IdSchema, createdAt: TimestampSchema });
/** A focus area. */
export type FocusArea = z.infer<typeof FocusAreaSchema>;

/** One entry of a collection: an adaptation and the coach's curation note. */
export const CollectionItemSchema = z.object({
  adaptationId: IdSchema,
  note: plainText('The curation note', { max: 2_000, multiline: true }).default(''),
});
/** A collection entry. */
export type CollectionItem = z.infer<typeof CollectionItemSchema>;

/** What a coach edits; item order is the array order. */
export const CollectionInputSchema = z.object({
  title: plainText('The collection title', { min: 1, max: 200 }),
  description: plainText('The collection description', { max: 5_000, multiline: true }).default(''),
  focusAreaId: IdSchema.nullable().default(null),
  items: z
    .array(CollectionItemSchema)
    .max(500, 'A collection can hold at most 500 adaptations.')
    .refine(
      (items) => new Set(items.map((i) => i.adaptationId)).size === items.length,
      'An adaptation can appear only once in a collection.',
    )
    .default([]),
});
/** A coach-curated, ordered collection of adaptations (DESIGN: Collection). */
export const CollectionSchema = CollectionInputSchema.extend({
  id: IdSchema,
  curator: AuthorSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
/** A collection. */
export type Collection = z.infer<typeof CollectionSchema>;
