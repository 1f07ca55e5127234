import { AppError } from '@margins/shared';
import { hasRole, type LaunchContext } from '../lti/launch-context.js';

/**
 * Coach powers: a coach grant (given by a district admin) acts within the tenant of the launch only.
 * Every coach service calls this first and scopes every query by `ctx.tenant.id`.
 */
export function requireCoach(ctx: LaunchContext, doing: string): void {
  if (!hasRole(ctx, 'coach'))
    throw new AppError(
      'forbidden',
      `Only an instructional coach can ${doing}. Ask your district admin if you should be one.`,
    );
}

/** A person of the launch as the coach workspace names them. */
export function personOf(userId: string, name: string | null | undefined): { userId: string; name: string } {
  return { userId, name: name || 'A colleague' };
}

/**
 * Leadership metrics are for the people who lead the district's professional learning: its coaches
 * and district admins (of the launch's district only). Teachers never see them.
 */
export function requireMetricsViewer(ctx: LaunchContext): void {
  if (!hasRole(ctx, 'coach') && !hasRole(ctx, 'district-admin'))
    throw new AppError('forbidden', 'Leadership metrics are for instructional coaches and district admins.');
}

/**
 * Curriculum insight (issue 20) is for the people who decide about the curriculum: district admins,
 * coaches and curriculum leads (a grant given by the district admin), of the launch's district only.
 */
export function requireInsightReader(ctx: LaunchContext): void {
  if (!hasRole(ctx, 'coach') && !hasRole(ctx, 'district-admin') && !hasRole(ctx, 'curriculum-lead'))
    throw new AppError(
      'forbidden',
      'Curriculum insight is for curriculum leads, instructional coaches and district admins.',
    );
}
