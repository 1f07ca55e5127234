import { AppError } from '@margins/shared';
import type { TenancyRepo } from '../data/tenancy-repo.js';
import type { InstallService } from './install-service.js';
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
  constructor(
    private readonly tenancy: TenancyRepo,
    private readonly reregistration?: {
      install: InstallService;
      /** The tool's registration address (…/lti/register). */
      registerUrl: string;
    },
  ) {}

  /**
   * A one-time install code (7 days) that re-registers the admin's own district: with it the platform
   * may update its registration or attach a new client_id to this district. Never another district's.
   */
  async reregistrationCode(
    ctx: LaunchContext,
  ): Promise<{ code: string; expiresAt: string; registrationUrl: string; district: string }> {
    this.requireAdmin(ctx);
    if (!this.reregistration) throw new AppError('unavailable');
    const { code, expiresAt } = await this.reregistration.install.create(
      `Re-registration by ${ctx.user.name || ctx.user.sub}`.slice(0, 200),
      7,
      ctx.tenant.id,
    );
    const url = new URL(this.reregistration.registerUrl);
    url.searchParams.set('install_code', code);
    return { code, expiresAt, registrationUrl: url.toString(), district: ctx.tenant.name };
  }

  /** The district's deployments (what its platform installed) and its policy for new ones. */
  async deployments(ctx: LaunchContext): Promise<{
    recordedOnLaunch: boolean;
    deployments: { deploymentId: string; name: string; createdAt: string; continues: boolean }[];
  }> {
    this.requireAdmin(ctx);
    const [rows, recordedOnLaunch] = await Promise.all([
      this.tenancy.listDeployments(ctx.tenant.id),
      this.tenancy.deploymentsOnLaunch(ctx.tenant.id),
    ]);
    return {
      recordedOnLaunch,
      deployments: rows.map((d) => ({
        deploymentId: d.deployment_id,
        name: d.name,
        createdAt: d.created_at,
        continues: d.sameAs !== null,
      })),
    };
  }

  private requireAdmin(ctx: LaunchContext): void {
    if (!hasRole(ctx, 'district-admin'))
      throw new AppError(
        'forbidden',
        'Only a district admin, launching Margins from the account level, can manage coaches and registrations.',
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

  /** Curriculum leads of the admin's deployment (issue 20). */
  async curriculumLeads(ctx: LaunchContext): Promise<CoachView[]> {
    this.requireAdmin(ctx);
    return (await this.tenancy.usersWithRole(ctx.deployment.id, 'curriculum-lead')).map((u) => ({
      userId: u.id,
      name: u.name,
      email: u.email,
    }));
  }

  /** Grants the curriculum lead role (reads curriculum insight) to a user of the admin's own deployment. */
  async grantCurriculumLead(ctx: LaunchContext, userId: string): Promise<CoachView> {
    this.requireAdmin(ctx);
    const user = await this.tenancy.getUser(userId);
    if (!user || user.deployment_pk !== ctx.deployment.id)
      throw new AppError('not_found', 'That person has not opened Margins from this installation yet.');
    await this.tenancy.grant(user.tenant_id, user.id, 'curriculum-lead', ctx.user.id);
    return { userId: user.id, name: user.name, email: user.email };
  }

  /** Revokes the curriculum lead role from a user of the admin's own deployment. */
  async revokeCurriculumLead(ctx: LaunchContext, userId: string): Promise<void> {
    this.requireAdmin(ctx);
    const user = await this.tenancy.getUser(userId);
    if (!user || user.deployment_pk !== ctx.deployment.id) throw new AppError('not_found');
    await this.tenancy.revoke(user.id, 'curriculum-lead');
  }

  /** Revokes the coach role from a user of the admin's own deployment. */
  async revokeCoach(ctx: LaunchContext, userId: string): Promise<void> {
    this.requireAdmin(ctx);
    const user = await this.tenancy.getUser(userId);
    if (!user || user.deployment_pk !== ctx.deployment.id) throw new AppError('not_found');
    await this.tenancy.revoke(user.id, 'coach');
  }
}
