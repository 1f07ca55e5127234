import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { dbBool, dbNullableText, likeEscape, parseRow, parseRows } from './rows.js';

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
const TENANT_COLUMNS = ['id', 'issuer', 'client_id', 'name', 'product', 'created_at'];

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
  /** Set when the account was deleted (issue 16): the row is then a pseudonym with no name, email or LMS id. */
  deleted_at: dbNullableText.default(null),
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
  /** 'professional-learning' for PD and PLC courses (their learners are teachers), else null. */
  course_kind: dbNullableText.default(null),
  created_at: z.string(),
});
/** A course context row. */
export type ContextRow = z.infer<typeof ContextRowSchema>;

/**
 * Roles held as rows, read on every request (so a revocation applies at once): a coach is a grant
 * inside Margins, never an LMS role; `district-admin` is written by an account-level launch whose LMS
 * roles make the person an institution admin, and removed by a launch whose roles no longer do, or by
 * the admin command line.
 */
export const GRANTABLE_ROLES = ['coach', 'district-admin', 'curriculum-lead'] as const;
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

  /**
   * The tenant registered for (issuer, client_id), if any: its own registration, or a client_id
   * attached to it later (`platform_clients`); the row then carries that client_id, the one the
   * platform knows this launch's tool by (grade service tokens, deep-linking responses).
   */
  async findTenant(issuer: string, clientId: string): Promise<TenantRow | null> {
    const row: unknown = await this.k('tenants').where({ issuer, client_id: clientId }).first(TENANT_COLUMNS);
    if (row) return parseRow(TenantRowSchema, row, 'tenants');
    const attached: unknown = await this.k('platform_clients as c')
      .join('tenants as t', 't.id', 'c.tenant_id')
      .where({ 'c.issuer': issuer, 'c.client_id': clientId })
      .first(TENANT_COLUMNS.map((col) => (col === 'client_id' ? 'c.client_id' : `t.${col}`)));
    return attached ? parseRow(TenantRowSchema, attached, 'tenants') : null;
  }

  /** Registrations of one issuer, attached client_ids included (a login without client_id must match exactly one). */
  async tenantsByIssuer(issuer: string): Promise<TenantRow[]> {
    const own = parseRows(TenantRowSchema, await this.k('tenants').where({ issuer }).select(TENANT_COLUMNS), 'tenants');
    const attached = parseRows(
      TenantRowSchema,
      await this.k('platform_clients as c')
        .join('tenants as t', 't.id', 'c.tenant_id')
        .where({ 'c.issuer': issuer })
        .select(TENANT_COLUMNS.map((col) => (col === 'client_id' ? 'c.client_id' : `t.${col}`))),
      'tenants',
    );
    return [...own, ...attached];
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

  /**
   * Records a deployment as known (only known deployments may launch). Idempotent. `sameAs`: the
   * deployment (pk) this one continues (a re-registration of the same district), whose people and
   * courses its launches use.
   */
  async addDeployment(
    tenantId: string,
    deploymentId: string,
    name = '',
    sameAs: string | null = null,
  ): Promise<DeploymentRow> {
    await this.k('deployments')
      .insert({
        id: randomUUID(),
        tenant_id: tenantId,
        deployment_id: deploymentId,
        name,
        created_at: nowIso(),
        ...(sameAs ? { same_as: sameAs } : {}),
      })
      .onConflict(['tenant_id', 'deployment_id'])
      .ignore();
    const row = await this.findDeployment(tenantId, deploymentId);
    if (!row) throw new Error('deployment vanished after insert');
    return row;
  }

  /**
   * The deployment, or null when the tenant never registered it. A deployment that continues another
   * one answers with the other's id (people and courses are keyed by it) and its own deployment_id.
   */
  async findDeployment(tenantId: string, deploymentId: string): Promise<DeploymentRow | null> {
    const row = (await this.k('deployments').where({ tenant_id: tenantId, deployment_id: deploymentId }).first()) as
      { same_as?: string | null } | undefined;
    if (!row) return null;
    const parsed = parseRow(DeploymentRowSchema, row, 'deployments');
    return row.same_as ? { ...parsed, id: row.same_as } : parsed;
  }

  /** The district's first deployment that continues no other (what a re-registration continues), or null. */
  async primaryDeployment(tenantId: string): Promise<DeploymentRow | null> {
    const row: unknown = await this.k('deployments')
      .where({ tenant_id: tenantId })
      .whereNull('same_as')
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .first();
    return row ? parseRow(DeploymentRowSchema, row, 'deployments') : null;
  }

  /** Deployments of a tenant, with the deployment (pk) each continues, if any. */
  async listDeployments(tenantId: string): Promise<(DeploymentRow & { sameAs: string | null })[]> {
    const rows = (await this.k('deployments').where({ tenant_id: tenantId }).orderBy('created_at')) as {
      same_as?: string | null;
    }[];
    return rows.map((r) => ({ ...parseRow(DeploymentRowSchema, r, 'deployments'), sameAs: r.same_as ?? null }));
  }

  /** Whether the district records new deployments on their first verified launch (migration 070). */
  async deploymentsOnLaunch(tenantId: string): Promise<boolean> {
    const row: unknown = await this.k('tenants').where({ id: tenantId }).first('deployments_on_launch');
    return row ? parseRow(z.object({ deployments_on_launch: dbBool }), row, 'tenants').deployments_on_launch : false;
  }

  /** Client_ids attached to a district besides its own registration. */
  async attachedClients(tenantId: string): Promise<{ issuer: string; clientId: string; createdAt: string }[]> {
    const rows = parseRows(
      z.object({ issuer: z.string(), client_id: z.string(), created_at: z.string() }),
      await this.k('platform_clients').where({ tenant_id: tenantId }).orderBy('created_at'),
      'platform_clients',
    );
    return rows.map((r) => ({ issuer: r.issuer, clientId: r.client_id, createdAt: r.created_at }));
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

  /** How many people have launched into a tenant. */
  async countUsers(tenantId: string): Promise<number> {
    const row = (await this.k('users').where({ tenant_id: tenantId }).count({ n: '*' }).first()) as
      { n: number | string } | undefined;
    return Number(row?.n ?? 0);
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
      .whereNull('deleted_at')
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
      .whereNull('deleted_at')
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
    /** Set when the launch named the course's kind (custom parameter); otherwise the stored kind stays. */
    courseKind?: 'professional-learning';
  }): Promise<ContextRow> {
    const school = {
      ...(c.schoolId ? { school_id: c.schoolId } : {}),
      ...(c.courseKind ? { course_kind: c.courseKind } : {}),
    };
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

  /** The stored kind of a course ('professional-learning' or null), before its launch is accepted. */
  async courseKind(deploymentPk: string, contextId: string): Promise<string | null> {
    const row: unknown = await this.k('course_contexts')
      .where({ deployment_pk: deploymentPk, context_id: contextId })
      .first('course_kind');
    return row ? parseRow(z.object({ course_kind: dbNullableText }), row, 'course_contexts').course_kind : null;
  }

  /** Marks a course of the tenant as professional learning (or ordinary); false when there is no such course. */
  async setCourseKind(tenantId: string, contextPk: string, kind: 'professional-learning' | null): Promise<boolean> {
    const n = await this.k('course_contexts')
      .where({ id: contextPk, tenant_id: tenantId })
      .update({ course_kind: kind });
    return n > 0;
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
      .whereNull('u.deleted_at')
      .select('u.*')
      .orderBy('u.name');
    return parseRows(UserRowSchema, rows, 'users');
  }
}
