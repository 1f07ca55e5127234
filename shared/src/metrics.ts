/**
 * Leadership metrics (issue 7, DESIGN: Flows 7): the pure rules, so the tool that computes a report,
 * the CSV export and the tests agree on what each number means.
 *
 * Every metric is about a **scope** (the district, one school, one course) and a **period** (one
 * calendar month, UTC, or a run of months). The **members** of a scope are the people who launched
 * Margins there (the district: anyone; a school: people whose launches carried that school; a
 * course: people who launched Margins from it) by the end of the period.
 *
 * - **Participation**: the share of members who, in the period, shared a practice, tried a colleague's
 *   practice and said how it went ("I tried this" with an outcome), or gave structured feedback: the
 *   three parts of the course participation grade (PARTICIPATION_PARTS), plus "any of the three".
 * - **Spread**: of the practices shared in the scope by the end of the period (and not since made
 *   private or deleted), the share that someone outside the author's course (someone who never
 *   launched Margins from it), or outside the author's school (or district), tried or remixed.
 * - **Range**: how many of the taxonomy's adaptation kinds were in use (in a practice shared or tried).
 * - **Evenness**: how evenly contributions (shared, tried, remixed, feedback, curated, mentoring) are
 *   spread across the people who made them: the share made by the most active tenth, and the
 *   normalised entropy (1 = everyone contributed equally, near 0 = one person made nearly all).
 *
 * No metric names a person or lists practices, and any group of fewer than {@link MIN_GROUP_SIZE}
 * people is suppressed, with complementary suppression where subtraction would reveal it.
 */

/** Groups smaller than this are never shown (their cells read "fewer than 5"). */
export const MIN_GROUP_SIZE = 5;

/** The most active this share of contributors is what "top tenth share" measures. */
export const TOP_SHARE_FRACTION = 0.1;

/** Why a cell is not shown. */
export type SuppressionReason = 'small-group' | 'complementary';

/** One group of a partition of a parent group (the schools of a district, with "no school recorded"). */
export interface PartitionGroup {
  id: string;
  members: number;
}

/**
 * Which groups of a partition must be hidden. A group under {@link MIN_GROUP_SIZE} is hidden
 * ('small-group'); then, while the parent is shown and exactly one group is hidden, the smallest
 * shown group is hidden as well ('complementary'), so parent minus the shown groups never equals
 * one hidden group. Groups with no members are empty, not hidden, and never chosen as the complement.
 */
export function suppressPartition(groups: PartitionGroup[], parentMembers: number): Map<string, SuppressionReason> {
  const hidden = new Map<string, SuppressionReason>();
  for (const g of groups) if (g.members > 0 && g.members < MIN_GROUP_SIZE) hidden.set(g.id, 'small-group');
  if (parentMembers < MIN_GROUP_SIZE || hidden.size !== 1) return hidden;
  const candidates = groups
    .filter((g) => g.members > 0 && !hidden.has(g.id))
    .sort((a, b) => a.members - b.members || a.id.localeCompare(b.id));
  if (candidates[0]) hidden.set(candidates[0].id, 'complementary');
  return hidden;
}

/** A histogram of contributions: `people` people made exactly `contributions` each. */
export interface ContributionBucket {
  contributions: number;
  people: number;
}

/** Evenness of contributions, from a histogram (no names needed). Null parts when there are no contributors. */
export interface Evenness {
  contributors: number;
  contributions: number;
  /** Share (0..1) of contributions made by the most active tenth of contributors (at least one person). */
  topTenthShare: number | null;
  /** Shannon entropy of the contributions over contributors, divided by its maximum ln(n); null under two contributors. */
  normalisedEntropy: number | null;
}

/** Computes {@link Evenness} from a contribution histogram. */
export function evennessOf(buckets: ContributionBucket[]): Evenness {
  const used = buckets
    .filter((b) => b.people > 0 && b.contributions > 0)
    .sort((a, b) => b.contributions - a.contributions);
  const contributors = used.reduce((s, b) => s + b.people, 0);
  const contributions = used.reduce((s, b) => s + b.people * b.contributions, 0);
  if (contributors === 0) return { contributors, contributions, topTenthShare: null, normalisedEntropy: null };
  let top = Math.max(1, Math.ceil(contributors * TOP_SHARE_FRACTION));
  let topSum = 0;
  for (const b of used) {
    const take = Math.min(top, b.people);
    topSum += take * b.contributions;
    top -= take;
    if (top === 0) break;
  }
  let entropy = 0;
  for (const b of used) {
    const p = b.contributions / contributions;
    entropy -= b.people * p * Math.log(p);
  }
  return {
    contributors,
    contributions,
    topTenthShare: topSum / contributions,
    normalisedEntropy: contributors < 2 ? null : entropy / Math.log(contributors),
  };
}

/** The calendar month (UTC) of an ISO 8601 timestamp, as stored in rollups: "2026-03". */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** The months from `from` to `to` inclusive ("YYYY-MM"), in order. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The first instant after a month ("2026-03" -> "2026-04-01T00:00:00.000Z"): "by the end of the month" is `< this`. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString();
}
