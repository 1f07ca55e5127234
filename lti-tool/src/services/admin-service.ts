import { AppError } from '@margins/shared';
import type { TenancyRepo } from '../data/tenancy-repo.js';
import { hasRole, type LaunchContext } from '../lti/launch-context.js';

/** A coach as the admin panel shows them. */
export interface CoachView {
  userId: string;
  name: string;
  email: string | null;
}

/**
 * District-admin powers, always limited to the admin's own deployment: an admin of one deployment
 * can never see or change people of another (DESIGN: Tenancy).
 */
export class AdminService {
  constructor(private readonly tenancy: TenancyRepo) {}

  private requireAdmin(ctx: LaunchContext): void {
    if (!hasRole(ctx, 'district-admin'))
      throw new AppError(
        'forbidden',
        'Only a district admin, launching Margins from the account level, can manage coaches.',
      );
  }

  /** Coaches of the admin's deployment. */
  async coaches(ctx: LaunchContext): Promise<CoachView[]> {
    this.requireAdmin(ctx);
    return (await this.tenancy.usersWithRole(ctx.deployment.id, 'coach')).map((u) => ({
      userId: u.id,
      name: u.name,
      email: u.email,
    }));
  }

  /** Staff of the admin's deployment whose name or email contains `q` (to pick a coach). */
  async people(ctx: LaunchContext, q: string): Promise<CoachView[]> {
    this.requireAdmin(ctx);
    return (await this.tenancy.searchUsers(ctx.deployment.id, q)).map((u) => ({
      userId: u.id,
      name: u.name,
      email: u.email,
    }));
  }

  /** Grants the coach role to a user of the admin's own deployment. */
  async grantCoach(ctx: LaunchContext, userId: string): Promise<CoachView> {
    this.requireAdmin(ctx);
    const user = await this.tenancy.getUser(userId);
    if (!user || user.deployment_pk !== ctx.deployment.id)
      throw new AppError('not_found', 'That person has not opened Margins from this installation yet.');
    await this.tenancy.grant(user.tenant_id, user.id, 'coach', ctx.user.id);
    return { userId: user.id, name: user.name, email: user.email };
  }

  /** Revokes the coach role from a user of the admin's own deployment. */
  async revokeCoach(ctx: LaunchContext, userId: string): Promise<void> {
    this.requireAdmin(ctx);
    const user = await this.tenancy.getUser(userId);
    if (!user || user.deployment_pk !== ctx.deployment.id) throw new AppError('not_found');
    await this.tenancy.revoke(user.id, 'coach');
  }
}
