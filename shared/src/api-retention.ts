import { z } from 'zod';
import { endpoint } from './api-endpoint.js';

/**
 * Retention (issue 16, item 6): how long a district keeps the details of what colleagues said and
 * did. After `detailDays`, feedback text and "I tried this" notes are removed (the feedback and the
 * outcome stay, so counts and metrics do not change) and ledger events keep only what metrics read
 * (type, people, course, school, time and an endorsement's outcome).
 */

/** Fewest days a district may keep details: a month, so a colleague's feedback is read before it goes. */
export const MIN_DETAIL_DAYS = 30;
/** Most days: ten years. */
export const MAX_DETAIL_DAYS = 3_650;
/** Days kept when the district chose nothing: two school years. */
export const DEFAULT_DETAIL_DAYS = 730;

/** A district's retention settings (district admins). */
export const RetentionSettingsSchema = z.object({
  detailDays: z
    .number({ error: 'Give the number of days as a whole number.' })
    .int('Give the number of days as a whole number.')
    .min(MIN_DETAIL_DAYS, `Keep details for at least ${MIN_DETAIL_DAYS} days.`)
    .max(MAX_DETAIL_DAYS, `Keep details for at most ${MAX_DETAIL_DAYS} days (ten years).`),
});
/** Retention settings. */
export type RetentionSettings = z.infer<typeof RetentionSettingsSchema>;

/** What the "What Margins keeps about you" page shows of a district's and this installation's retention. */
export const RetentionFactsSchema = RetentionSettingsSchema.extend({
  /** Days the change feed (what browsers sync from) keeps its entries before compaction. */
  feedDays: z.number().int().positive(),
});

/** The retention endpoints (version 1). */
export const retentionApi = {
  settings: endpoint({
    method: 'GET',
    path: '/api/v1/admin/retention',
    auth: 'launch',
    response: RetentionFactsSchema,
  }),
  update: endpoint({
    method: 'PUT',
    path: '/api/v1/admin/retention',
    auth: 'launch',
    body: RetentionSettingsSchema,
    response: RetentionFactsSchema,
  }),
};
