import { toAnnotationCollection, type MyDataExport } from '@margins/shared';
import type { MyDataRepo } from '../data/my-data-repo.js';
import type { TenancyRepo } from '../data/tenancy-repo.js';
import type { LaunchContext } from '../lti/launch-context.js';

/**
 * "My data" (issue 16, item 4, first part): the download of everything the district holds about
 * the person asking. Only their own rows, in their own district; colleagues appear only as ids of
 * the practices involved, never by name.
 */
export class MyDataService {
  constructor(private readonly d: { repo: MyDataRepo; tenancy: TenancyRepo; publicUrl: string; now?: () => Date }) {}

  async export(ctx: LaunchContext): Promise<MyDataExport> {
    const t = ctx.tenant.id;
    const u = ctx.user.id;
    const [user, adaptations, endorsements, feedback, devices, credentials, events] = await Promise.all([
      this.d.tenancy.getUser(u),
      this.d.repo.adaptations(t, u),
      this.d.repo.endorsements(t, u),
      this.d.repo.feedback(t, u),
      this.d.repo.devices(t, u),
      this.d.repo.credentials(t, u),
      this.d.repo.contributions(t, u),
    ]);
    const exportedAt = (this.d.now?.() ?? new Date()).toISOString();
    return {
      format: 'margins-my-data/1',
      exportedAt,
      district: { name: ctx.tenant.name },
      me: {
        name: user?.name ?? ctx.user.name,
        email: user?.email ?? null,
        lmsUserId: ctx.user.sub,
        firstSeenAt: user?.created_at ?? exportedAt,
      },
      adaptations,
      annotations: toAnnotationCollection(adaptations, {
        id: `${this.d.publicUrl}/api/v1/me/data#annotations`,
        label: `Adaptations of ${user?.name ?? ctx.user.name}`,
        generated: exportedAt,
      }),
      credentials: credentials.map((c) => ({
        status: c.revoked ? ('revoked' as const) : ('active' as const),
        credential: JSON.parse(c.credential_json) as unknown,
      })),
      endorsements: endorsements.map((e) => ({
        adaptationId: e.adaptation_id,
        outcome: e.outcome,
        note: e.note,
        updatedAt: e.updated_at,
      })),
      feedback: feedback.map((f) => ({
        adaptationId: f.adaptation_id,
        type: f.type,
        text: f.text,
        createdAt: f.created_at,
      })),
      devices: devices.map((d) => ({ name: d.name, createdAt: d.created_at, revokedAt: d.revoked_at })),
      contributions: events.map((e) => ({
        type: e.type,
        at: e.at,
        role: e.actor_user_id === u ? ('actor' as const) : ('beneficiary' as const),
        adaptationId: e.adaptation_id,
      })),
    };
  }
}
