import { randomUUID } from 'node:crypto';
import type { Tool } from '../app.js';
import type { Config } from '../config.js';
import { LaunchContextSchema, type LaunchContext, type MarginsRole } from '../lti/launch-context.js';
import { SessionTokens } from '../lti/session-token.js';

/** Who to sign in as: a person of a (registered or made-up) platform, optionally from a course. */
export interface TestPersonSpec {
  issuer?: string;
  clientId?: string;
  deploymentId?: string;
  tenantName?: string;
  sub: string;
  name?: string;
  course?: { contextId: string; title: string } | null;
  roles?: MarginsRole[];
}

/** A launch session made without an LMS, and the facts behind it. */
export interface TestLaunch {
  token: string;
  ctx: LaunchContext;
}

/**
 * Signs a person in as a launch would, without the OIDC round trip: the tenant, deployment, user and
 * course rows are created like a launch creates them, and a launch session is stored and signed with
 * the tool's secret. For the tool's own tests and benchmarks; end-to-end tests launch through the
 * test platform instead.
 */
export async function testLaunch(tool: Tool & { config: Config }, p: TestPersonSpec): Promise<TestLaunch> {
  const s = tool.services;
  const issuer = p.issuer ?? 'https://lms.test.example';
  const clientId = p.clientId ?? 'client-1';
  const tenant = await s.tenancy.ensureTenant({
    issuer,
    clientId,
    name: p.tenantName ?? 'Test District',
    product: 'canvas',
  });
  const deployment = await s.tenancy.addDeployment(tenant.id, p.deploymentId ?? 'dep-1');
  const user = await s.tenancy.upsertUser({
    tenantId: tenant.id,
    deploymentPk: deployment.id,
    sub: p.sub,
    name: p.name ?? p.sub,
    email: null,
  });
  const course = p.course
    ? await s.tenancy.upsertContext({
        tenantId: tenant.id,
        deploymentPk: deployment.id,
        contextId: p.course.contextId,
        title: p.course.title,
      })
    : null;
  // Coach and district admin are held as grants (read per request), as the admin API and a launch write them.
  for (const role of p.roles ?? [])
    if (role === 'coach' || role === 'district-admin') await s.tenancy.grant(tenant.id, user.id, role, null);
  const tokens = new SessionTokens(tool.config.secret, tool.config.sessionMaxAgeSeconds);
  const launchId = randomUUID();
  const { token, expiresAt } = tokens.issue(launchId);
  const ctx = LaunchContextSchema.parse({
    launchId,
    tenant: { id: tenant.id, name: tenant.name, issuer, clientId, product: tenant.product },
    deployment: { id: deployment.id, deploymentId: deployment.deployment_id },
    course: course ? { id: course.id, contextId: course.context_id, title: course.title } : null,
    user: { id: user.id, sub: user.sub, name: user.name, email: user.email },
    roles: p.roles ?? ['teacher'],
    placement: course ? 'course_navigation' : 'account_navigation',
    messageType: 'LtiResourceLinkRequest',
    deepLinking: null,
    openAdaptationId: null,
    frameAncestors: [],
    issuedAt: new Date().toISOString(),
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  });
  await s.launches.saveLaunch({
    id: launchId,
    tenant_id: tenant.id,
    user_id: user.id,
    context_json: JSON.stringify(ctx),
    created_at: ctx.issuedAt,
    expires_at: ctx.expiresAt,
  });
  return { token, ctx };
}
