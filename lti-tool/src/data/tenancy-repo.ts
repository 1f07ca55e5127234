import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { dbNullableText, likeEscape, parseRow, parseRows } from './rows.js';

/** A district's platform registration: issuer + client_id (DESIGN: Tenancy). */
export const TenantRowSchema = z.object({
  id: z.string(),
  issuer: z.string(),
  client_id: z.string(),
  name: z.string(),
  product: z.enum(['canvas', 'moodle', 'other']),
  created_at: z.string(),
});
/** A tenant row. */
export type TenantRow = z.infer<typeof TenantRowSchema>;

/** One LTI deployment of a tenant. */
export const DeploymentRowSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  deployment_id: z.string(),
  name: z.string(),
  created_at: z.string(),
});
/** A deployment row. */
export type DeploymentRow = z.infer<typeof DeploymentRowSchema>;

/** A person, keyed by (issuer, client_id, deployment_id, sub) through their deployment. */
export const UserRowSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  deployment_pk: z.string(),
  sub: z.string(),
  name: z.string(),
  email: dbNullableText,
  /** The school named by this person's latest launch that named one (LTI custom parameter `school_id`). */
  school_id: dbNullableText.default(null),
  created_at: z.string(),
  last_launch_at: z.string(),
});
/** A user row. */
export type UserRow = z.infer<typeof UserRowSchema>;

/** A course (LTI context) of a deployment. */
export const ContextRowSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  deployment_pk: z.string(),
  context_id: z.string(),
  title: z.string(),
  /** The course's school, as its launches name it (LTI custom parameter `school_id`). */
  school_id: dbNullableText.default(null),
  created_at: z.string(),
});
/** A course context row. */
export type ContextRow = z.infer<typeof ContextRowSchema>;

/** Roles granted inside Margins (a coach is a grant, never an LMS role). */
export const GRANTABLE_ROLES = ['coach'] as const;
/** A grantable role. */
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

/** Tenants, deployments, users, course contexts and role grants. */
export class TenancyRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  /** Creates the tenant for (issuer, client_id) or returns the existing one. */
  async ensureTenant(t: {
    issuer: string;
    clientId: string;
    name: string;
    product: TenantRow['product'];
  }): Promise<TenantRow> {
    await this.k('tenants')
      .insert({
        id: randomUUID(),
        issuer: t.issuer,
        client_id: t.clientId,
        name: t.name,
        product: t.product,
        created_at: nowIso(),
      })
      .onConflict(['issuer', 'client_id'])
      .ignore();
    const row = await this.findTenant(t.issuer, t.clientId);
    if (!row) throw new Error('tenant vanished after insert');
    return row;
  }

  /** The tenant registered for (issuer, client_id), if any. */
  async findTenant(issuer: string, clientId: string): Promise<TenantRow | null> {
    const row: unknown = await this.k('tenants').where({ issuer, client_id: clientId }).first();
    return row ? parseRow(TenantRowSchema, row, 'tenants') : null;
  }

  /** Tenants of one issuer (a login without client_id must match exactly one). */
  async tenantsByIssuer(issuer: string): Promise<TenantRow[]> {
    return parseRows(TenantRowSchema, await this.k('tenants').where({ issuer }), 'tenants');
  }

  /** A tenant by id. */
  async getTenant(id: string): Promise<TenantRow | null> {
    const row: unknown = await this.k('tenants').where({ id }).first();
    return row ? parseRow(TenantRowSchema, row, 'tenants') : null;
  }

  /** Every tenant (admin CLI). */
  async listTenants(): Promise<TenantRow[]> {
    return parseRows(TenantRowSchema, await this.k('tenants').orderBy('created_at'), 'tenants');
  }

  /** Records a deployment as known (only known deployments may launch). Idempotent. */
  async addDeployment(tenantId: string, deploymentId: string, name = ''): Promise<DeploymentRow> {
    await this.k('deployments')
      .insert({ id: randomUUID(), tenant_id: tenantId, deployment_id: deploymentId, name, created_at: nowIso() })
      .onConflict(['tenant_id', 'deployment_id'])
      .ignore();
    const row = await this.findDeployment(tenantId, deploymentId);
    if (!row) throw new Error('deployment vanished after insert');
    return row;
  }

  /** The deployment, or null when the tenant never registered it. */
  async findDeployment(tenantId: string, deploymentId: string): Promise<DeploymentRow | null> {
    const row: unknown = await this.k('deployments')
      .where({ tenant_id: tenantId, deployment_id: deploymentId })
      .first();
    return row ? parseRow(DeploymentRowSchema, row, 'deployments') : null;
  }

  /** Deployments of a tenant. */
  async listDeployments(tenantId: string): Promise<DeploymentRow[]> {
    return parseRows(
      DeploymentRowSchema,
      await this.k('deployments').where({ tenant_id: tenantId }).orderBy('created_at'),
      'deployments',
    );
  }

  /**
   * Creates or refreshes the user for this launch. Insert-or-update on the unique key, so twenty
   * concurrent launches of one person converge on one row (unlike ltijs-sequelize's delete-then-insert).
   */
  async upsertUser(u: {
    tenantId: string;
    deploymentPk: string;
    sub: string;
    name: string;
    email: string | null;
    schoolId?: string | null;
  }): Promise<UserRow> {
    const now = nowIso();
    // A launch that names no school keeps the one a previous launch named.
    const school = u.schoolId ? { school_id: u.schoolId } : {};
    const [row] = (await this.k('users')
      .insert({
        id: randomUUID(),
        tenant_id: u.tenantId,
        deployment_pk: u.deploymentPk,
        sub: u.sub,
        name: u.name,
        email: u.email,
        ...school,
        created_at: now,
        last_launch_at: now,
      })
      .onConflict(['deployment_pk', 'sub'])
      .merge({ name: u.name, email: u.email, ...school, last_launch_at: now })
      .returning('*')) as unknown[];
    return parseRow(UserRowSchema, row, 'users');
  }

  /** A user by id. */
  async getUser(id: string): Promise<UserRow | null> {
    const row: unknown = await this.k('users').where({ id }).first();
    return row ? parseRow(UserRowSchema, row, 'users') : null;
  }

  /** Users of one deployment whose sub or name matches (admin grants). */
  async findUsers(deploymentPk: string, match: string): Promise<UserRow[]> {
    const rows = await this.k('users')
      .where({ deployment_pk: deploymentPk })
      .andWhere((q) => {
        q.where('sub', match).orWhere('name', match).orWhere('email', match);
      });
    return parseRows(UserRowSchema, rows, 'users');
  }

  /** Up to 50 users of one deployment whose name or email contains `q` (case-insensitive). */
  async searchUsers(deploymentPk: string, q: string): Promise<UserRow[]> {
    const pattern = `%${likeEscape(q.toLowerCase())}%`;
    const rows = await this.k('users')
      .where({ deployment_pk: deploymentPk })
      .andWhere((w) => {
        w.whereRaw(`lower(name) LIKE ? ESCAPE '\\'`, [pattern]).orWhereRaw(
          `lower(coalesce(email, '')) LIKE ? ESCAPE '\\'`,
          [pattern],
        );
      })
      .orderBy('name')
      .limit(50);
    return parseRows(UserRowSchema, rows, 'users');
  }

  /** Creates or refreshes the course context of a launch. */
  async upsertContext(c: {
    tenantId: string;
    deploymentPk: string;
    contextId: string;
    title: string;
    schoolId?: string | null;
  }): Promise<ContextRow> {
    const school = c.schoolId ? { school_id: c.schoolId } : {};
    const [row] = (await this.k('course_contexts')
      .insert({
        id: randomUUID(),
        tenant_id: c.tenantId,
        deployment_pk: c.deploymentPk,
        context_id: c.contextId,
        title: c.title,
        ...school,
        created_at: nowIso(),
      })
      .onConflict(['deployment_pk', 'context_id'])
      .merge({ title: c.title, ...school })
      .returning('*')) as unknown[];
    return parseRow(ContextRowSchema, row, 'course_contexts');
  }

  /** Roles granted to a user inside Margins. */
  async grantsOf(userId: string): Promise<GrantableRole[]> {
    const rows = await this.k('role_grants').where({ user_id: userId }).select('role');
    return rows
      .map((r: { role: string }) => r.role)
      .filter((r): r is GrantableRole => (GRANTABLE_ROLES as readonly string[]).includes(r));
  }

  /** Grants a role (idempotent). */
  async grant(tenantId: string, userId: string, role: GrantableRole, grantedBy: string | null): Promise<void> {
    await this.k('role_grants')
      .insert({
        id: randomUUID(),
        tenant_id: tenantId,
        user_id: userId,
        role,
        granted_by: grantedBy,
        created_at: nowIso(),
      })
      .onConflict(['user_id', 'role'])
      .ignore();
  }

  /** Revokes a role; true when there was one. */
  async revoke(userId: string, role: GrantableRole): Promise<boolean> {
    return (await this.k('role_grants').where({ user_id: userId, role }).del()) > 0;
  }

  /** Users holding `role` in one deployment. */
  async usersWithRole(deploymentPk: string, role: GrantableRole): Promise<UserRow[]> {
    const rows = await this.k('users as u')
      .join('role_grants as g', 'g.user_id', 'u.id')
      .where({ 'u.deployment_pk': deploymentPk, 'g.role': role })
      .select('u.*')
      .orderBy('u.name');
    return parseRows(UserRowSchema, rows, 'users');
  }
}
