import type { TenancyRepo } from '../data/tenancy-repo.js';
import { MARGINS_ROLES, type LaunchContext } from '../lti/launch-context.js';

/**
 * The roles of a launch session as they are now. A session's context is fixed at launch, but grants
 * change: a coach revoked by the district admin, a new coach, a district admin revoked with the admin
 * command line or by a later launch whose LMS roles no longer make them one. The route table calls
 * this once per request (one query), so a change applies on the next request, not at session expiry.
 */
export class CurrentRoles {
  constructor(private readonly tenancy: TenancyRepo) {}

  /** `ctx` with its roles recomputed from the grants held now. */
  async apply(ctx: LaunchContext): Promise<LaunchContext> {
    // A launch with no Margins role was refused; a session without any stays without (the grant needs a staff launch).
    if (ctx.roles.length === 0) return ctx;
    const grants = new Set<string>(await this.tenancy.grantsOf(ctx.user.id));
    const roles = MARGINS_ROLES.filter((r) =>
      r === 'teacher'
        ? ctx.roles.includes('teacher')
        : r === 'district-admin'
          ? ctx.roles.includes('district-admin') && grants.has(r)
          : grants.has(r),
    );
    return roles.length === ctx.roles.length && roles.every((r) => ctx.roles.includes(r)) ? ctx : { ...ctx, roles };
  }
}
