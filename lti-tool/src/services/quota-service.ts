import type { Knex } from 'knex';
import { AppError } from '@margins/shared';
import type { QuotaLimits } from '../config.js';
import type { TeacherAndDistrictUsage, Usage, UsageRepo } from '../data/usage-repo.js';
import type { Actor } from './actor.js';

/**
 * Per-teacher and per-district storage quotas of the sync API (issue 12, item 10): one browser must
 * not fill the district's database. A change is written first, in its own savepoint, and then
 * measured (the usage rows are kept by triggers, so the measure is exact); a change that took a
 * usage past its limit is refused with `quota_exceeded` and its savepoint undone. A change that
 * does not grow a usage (an edit that shortens, a delete) is always accepted, so a teacher over
 * the limit can make room.
 */
export class QuotaService {
  constructor(private readonly d: { usage: UsageRepo; limits: QuotaLimits }) {}

  /** The actor's and their district's usage now (read in `trx` before a change). */
  usage(trx: Knex.Transaction, actor: Actor): Promise<TeacherAndDistrictUsage> {
    return this.d.usage.of(actor.tenantId, actor.userId, trx);
  }

  /** Throws `quota_exceeded` when the change just written in `trx` grew a usage past its limit. */
  async checkAfterWrite(trx: Knex.Transaction, actor: Actor, before: TeacherAndDistrictUsage): Promise<void> {
    const after = await this.usage(trx, actor);
    const l = this.d.limits;
    if (grewPast(before.district, after.district, l.districtAdaptations, l.districtBytes))
      throw new AppError(
        'quota_exceeded',
        `Your district's storage for Margins is full (${limitText(l.districtAdaptations, l.districtBytes)} for the whole district). Ask your district admin to make room or raise the limit.`,
      );
    if (grewPast(before.teacher, after.teacher, l.teacherAdaptations, l.teacherBytes))
      throw new AppError(
        'quota_exceeded',
        `Your storage for Margins is full (${limitText(l.teacherAdaptations, l.teacherBytes)} per teacher). Delete adaptations you no longer need, or ask your district admin to raise the limit.`,
      );
  }
}

function grewPast(before: Usage, after: Usage, maxCount: number, maxBytes: number): boolean {
  return (
    (after.adaptations > maxCount && after.adaptations > before.adaptations) ||
    (after.bytes > maxBytes && after.bytes > before.bytes)
  );
}

/** "2,000 adaptations or 10 MB". */
function limitText(count: number, bytes: number): string {
  const mb = bytes / 1_000_000;
  return `${count.toLocaleString('en-US')} adaptations or ${mb.toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;
}
