import { z } from 'zod';
import { StaffMemberSchema } from './api-admin.js';
import { endpoint } from './api-endpoint.js';
import { MIN_GROUP_SIZE } from './metrics.js';

/**
 * Curriculum insight (issue 20): where and why a district's teachers adapt the curriculum, per
 * curriculum site -> page -> passage. A **passage** is a group of adaptations of one canonical page
 * whose anchors overlap (text positions; the quote when a position is missing), so small selection
 * differences still group. Only adaptations shared beyond "only me" count (and private ones whose
 * author chose to count them anonymously). A passage adapted by fewer than {@link MIN_GROUP_SIZE}
 * teachers is never shown, as in the leadership metrics; authors are named only when the district
 * allows it and the teacher agreed; rationales that the privacy guard flags are withheld.
 */

/** A count of people, or "fewer than 5" when it is above zero and below the minimum group size. */
export const InsightCountSchema = z.union([z.number().int().nonnegative(), z.literal('fewer-than-5')]);
/** A people count as reported. */
export type InsightCount = z.infer<typeof InsightCountSchema>;

/** A count of people as reported: hidden when 1 to 4 (0 says nothing about anyone). */
export function insightCount(n: number): InsightCount {
  return n > 0 && n < MIN_GROUP_SIZE ? 'fewer-than-5' : n;
}

/** A day, "YYYY-MM-DD" (UTC): "before" means adaptations first shared before this day, "since" on or after it. */
export const InsightDateSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Give a date as YYYY-MM-DD, for example 2026-03-01.');

/** A curriculum site: the origin of its pages (https://curriculum.example). */
export const InsightSiteIdSchema = z
  .string({ error: 'Choose a curriculum site.' })
  .max(300, 'The site address is too long.')
  .regex(/^https?:\/\/[^/\s?#]+$/, 'The site must be an address like https://curriculum.example.');

/** Uses of one label (a kind of adaptation or a learner group) among a passage's adaptations. */
export const InsightTallySchema = z.object({ id: z.string(), label: z.string(), adaptations: z.number().int() });
/** A tally. */
export type InsightTally = z.infer<typeof InsightTallySchema>;

/** A passage as the site report lists it (a hot spot). */
export const InsightPassageSummarySchema = z.object({
  id: z.string(),
  url: z.string(),
  pageTitle: z.string(),
  quote: z.string(),
  /** Character range in the page's text (W3C TextPositionSelector), null when only quotes anchor it. */
  start: z.number().int().nullable(),
  end: z.number().int().nullable(),
  teachers: z.number().int(),
  schools: z.number().int(),
  adaptations: z.number().int(),
  firstAt: z.string(),
  /** Teachers whose adaptation came before / on or after `since` (null without `since`). */
  before: InsightCountSchema.nullable(),
  since: InsightCountSchema.nullable(),
});
/** A passage summary. */
export type InsightPassageSummary = z.infer<typeof InsightPassageSummarySchema>;

/** The district's curriculum sites. */
export const InsightSitesSchema = z.object({
  minGroupSize: z.literal(MIN_GROUP_SIZE),
  sites: z.array(
    z.object({ site: z.string(), pages: z.number().int(), passages: z.number().int(), hidden: z.number().int() }),
  ),
});
/** The sites list. */
export type InsightSites = z.infer<typeof InsightSitesSchema>;

/** The site report request. */
export const InsightSiteQuerySchema = z.object({ site: InsightSiteIdSchema, since: InsightDateSchema.optional() });
/** A site report request. */
export type InsightSiteQuery = z.infer<typeof InsightSiteQuerySchema>;

/** One curriculum site: its pages with shown passages, and the hot spots first. */
export const InsightSiteReportSchema = z.object({
  site: z.string(),
  since: InsightDateSchema.nullable(),
  minGroupSize: z.literal(MIN_GROUP_SIZE),
  /** Pages with at least one shown passage, most-adapted passage first. */
  pages: z.array(
    z.object({
      url: z.string(),
      title: z.string(),
      passages: z.number().int(),
      topTeachers: z.number().int(),
      topSchools: z.number().int(),
    }),
  ),
  /** Passages by schools, then teachers (the most widely adapted first); at most 50. */
  hotSpots: z.array(InsightPassageSummarySchema),
  /** Passages hidden because fewer than 5 teachers adapted them, and pages with only such passages. */
  hiddenPassages: z.number().int(),
  hiddenPages: z.number().int(),
  generatedAt: z.string(),
});
/** A site report. */
export type InsightSiteReport = z.infer<typeof InsightSiteReportSchema>;

/** The page report request. */
export const InsightPageQuerySchema = z.object({
  url: z.string().min(1, 'Choose a page.').max(4_000, 'The page address is too long.'),
  since: InsightDateSchema.optional(),
});
/** A page report request. */
export type InsightPageQuery = z.infer<typeof InsightPageQuerySchema>;

/** The export request: a page report as CSV or as a W3C Web Annotation collection. */
export const InsightExportQuerySchema = InsightPageQuerySchema.extend({
  format: z.enum(['csv', 'annotations'], { error: 'Choose csv or annotations.' }),
});
/** An export request. */
export type InsightExportQuery = z.infer<typeof InsightExportQuerySchema>;

/** A rationale of a shared adaptation, as text; the author only where both district and teacher agreed. */
export const InsightRationaleSchema = z.object({ text: z.string(), author: z.string().nullable() });

/** One passage of a page in full. */
export const InsightPassageSchema = InsightPassageSummarySchema.extend({
  kinds: z.array(InsightTallySchema),
  learnerNeeds: z.array(InsightTallySchema),
  /** "I tried this" outcomes of colleagues, per outcome. */
  outcomes: z.array(z.object({ outcome: z.string(), label: z.string(), count: z.number().int() })),
  rationales: z.array(InsightRationaleSchema),
  /** Rationales the privacy guard flagged (a name, an email, an id): counted, never shown. */
  withheld: z.number().int(),
});
/** A passage. */
export type InsightPassage = z.infer<typeof InsightPassageSchema>;

/** One page: its shown passages in page order, with the page's totals. */
export const InsightPageReportSchema = z.object({
  url: z.string(),
  title: z.string(),
  site: z.string(),
  since: InsightDateSchema.nullable(),
  minGroupSize: z.literal(MIN_GROUP_SIZE),
  /** Teachers and schools with a counted adaptation anywhere on the page. */
  teachers: InsightCountSchema,
  schools: z.number().int(),
  /** The end of the last anchored passage (the strip's scale), null when none has a position. */
  length: z.number().int().nullable(),
  passages: z.array(InsightPassageSchema),
  hiddenPassages: z.number().int(),
  /** Over the shown passages. */
  kinds: z.array(InsightTallySchema),
  learnerNeeds: z.array(InsightTallySchema),
  generatedAt: z.string(),
});
/** A page report. */
export type InsightPageReport = z.infer<typeof InsightPageReportSchema>;

/** A teacher's own choices about curriculum insight. */
export const InsightPreferencesSchema = z.object({
  /** Count my private adaptations too, anonymously (never their text, never my name). */
  countPrivateAnonymously: z.boolean(),
  /** Name me beside my rationales, where my district allows it. */
  creditByName: z.boolean(),
});
/** Insight preferences. */
export type InsightPreferences = z.infer<typeof InsightPreferencesSchema>;

/** The district's insight setting (district admins). */
export const InsightDistrictSettingsSchema = z.object({
  /** Curriculum readers may see the names of teachers who agreed to be credited. */
  nameAuthors: z.boolean(),
});

/**
 * A district hot spot on a page, as a teacher's extension draws it (issue 20, item 5): a passage that
 * at least {@link MIN_GROUP_SIZE} teachers of the district adapted, its anchor, how many teachers and
 * schools, and the kinds of adaptation most used there. Counts only: no names, no text of anyone's.
 */
export const PageHotSpotSchema = z.object({
  id: z.string(),
  /** The passage's character range in the page's text (W3C TextPositionSelector), null when only quotes anchor it. */
  start: z.number().int().nullable(),
  end: z.number().int().nullable(),
  /** The earliest adaptation's quote (anchors the note when the page's text moved, or without a range). */
  quote: z.string(),
  teachers: z.number().int().min(MIN_GROUP_SIZE),
  schools: z.number().int(),
  /** Kinds of adaptation (taxonomy ids) by use, most used first. */
  kinds: z.array(z.object({ id: z.string(), adaptations: z.number().int() })),
  /** The caller is one of the teachers. */
  mine: z.boolean(),
});
/** A hot spot of a page. */
export type PageHotSpot = z.infer<typeof PageHotSpotSchema>;

/** The hot spots of one page, in page order (at most {@link MAX_PAGE_HOT_SPOTS}). */
export const PageHotSpotsSchema = z.object({
  url: z.string(),
  minGroupSize: z.literal(MIN_GROUP_SIZE),
  hotSpots: z.array(PageHotSpotSchema),
});
/** A page's hot spots. */
export type PageHotSpots = z.infer<typeof PageHotSpotsSchema>;

/** The most hot spots one page answers with (the most adapted ones). */
export const MAX_PAGE_HOT_SPOTS = 50;

/** The curriculum insight endpoints (district admins, coaches and curriculum leads of the launch's district). */
export const insightApi = {
  /**
   * The district hot spots of one page (any URL form; canonicalised) for the teacher's extension: one
   * request per page, never per passage. Paired browsers only; the caller's district only.
   */
  pageHotSpots: endpoint({
    method: 'GET',
    path: '/api/v1/pages/hot-spots',
    auth: 'extension',
    query: z.object({ url: z.string().min(1, 'Give the page address.').max(4_000, 'The page address is too long.') }),
    response: PageHotSpotsSchema,
  }),
  sites: endpoint({ method: 'GET', path: '/api/v1/insight/sites', auth: 'launch', response: InsightSitesSchema }),
  site: endpoint({
    method: 'GET',
    path: '/api/v1/insight/site',
    auth: 'launch',
    query: InsightSiteQuerySchema,
    response: InsightSiteReportSchema,
  }),
  page: endpoint({
    method: 'GET',
    path: '/api/v1/insight/page',
    auth: 'launch',
    query: InsightPageQuerySchema,
    response: InsightPageReportSchema,
  }),
  /** The page report as a file (CSV or Web Annotation JSON-LD); credits the teachers in it in the ledger. */
  exportPage: endpoint({
    method: 'POST',
    path: '/api/v1/insight/export',
    auth: 'launch',
    body: InsightExportQuerySchema,
    response: z.string(),
  }),
  preferences: endpoint({
    method: 'GET',
    path: '/api/v1/insight/preferences',
    auth: 'launch',
    response: InsightPreferencesSchema,
  }),
  setPreferences: endpoint({
    method: 'PUT',
    path: '/api/v1/insight/preferences',
    auth: 'launch',
    body: InsightPreferencesSchema,
    response: InsightPreferencesSchema,
  }),
  districtSettings: endpoint({
    method: 'GET',
    path: '/api/v1/admin/insight-settings',
    auth: 'launch',
    response: InsightDistrictSettingsSchema,
  }),
  setDistrictSettings: endpoint({
    method: 'PUT',
    path: '/api/v1/admin/insight-settings',
    auth: 'launch',
    body: InsightDistrictSettingsSchema,
    response: InsightDistrictSettingsSchema,
  }),
  curriculumLeads: endpoint({
    method: 'GET',
    path: '/api/v1/admin/curriculum-leads',
    auth: 'launch',
    response: z.object({ leads: z.array(StaffMemberSchema) }),
  }),
  grantCurriculumLead: endpoint({
    method: 'POST',
    path: '/api/v1/admin/curriculum-leads',
    auth: 'launch',
    body: z.object({ userId: z.string().min(1).max(36) }),
    response: StaffMemberSchema,
  }),
  revokeCurriculumLead: endpoint({
    method: 'DELETE',
    path: '/api/v1/admin/curriculum-leads/:userId',
    auth: 'launch',
    params: z.object({ userId: z.string().min(1).max(36) }),
    response: z.object({ revoked: z.literal(true) }),
  }),
} as const;
