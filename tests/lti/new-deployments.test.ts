import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM } from '../platform/index.js';
import { callApi, databaseKinds, launchToken, startLtiStack, type LtiStack } from '../support/lti-stack.js';

/**
 * Canvas's dynamic registration answers with a client_id and no deployment_id
 * (instructure/canvas-lms:doc/api/registration.md, "Registration Response"; the stand-in's Canvas mode does the same): its
 * deployments appear as the tool is installed in accounts and courses. A registered Canvas platform's
 * new deployments are recorded on their first verified launch and listed for the district admin; the
 * policy is per platform, off for other products, and a launch that fails verification records nothing.
 */
for (const kind of databaseKinds()) {
  describe(`new deployments on their first launch on ${kind.name}`, { timeout: 90_000 }, () => {
    let s: LtiStack;
    beforeAll(async () => {
      s = await startLtiStack(kind);
    }, 120_000);
    afterAll(async () => s?.stop());

    async function register(product: 'canvas' | 'moodle', label: string) {
      const { code } = await s.tool.services.install.create(label);
      const reg = await s.platform.dynamicRegistration(`${s.tool.url}/lti/register?install_code=${code}`, { product });
      const tenant = (await s.tool.services.tenancy.findTenant(s.platform.issuer, reg.clientId))!;
      return { reg, tenant };
    }
    const deploymentsOf = async (tenantId: string) =>
      (await s.tool.services.tenancy.listDeployments(tenantId)).map((d) => d.deployment_id).sort();

    it("records a Canvas platform's deployments on their first verified launch and shows them to the district admin", async () => {
      const { reg, tenant } = await register('canvas', 'Riverside Canvas');
      expect(reg.response['https://purl.imsglobal.org/spec/lti-tool-configuration']).not.toHaveProperty(
        'deployment_id',
      );
      expect(await deploymentsOf(tenant.id)).toEqual([]);
      expect((await s.tool.services.platforms.platform(s.platform.issuer, reg.clientId))?.deploymentsOnLaunch).toBe(
        true,
      );

      // A forged launch (bad signature) naming a new deployment records nothing.
      const forged = await s.platform.launch({
        clientId: reg.clientId,
        deploymentId: 'course-deployment-9',
        user: 'ana',
        course: 'math-7',
        tamper: { signWith: 'wrong-key' },
      });
      expect(forged.status).toBe(401);
      expect(await deploymentsOf(tenant.id)).toEqual([]);

      // The account installation, then a course installation: each is recorded as it first launches.
      await launchToken(s, { clientId: reg.clientId, user: 'ana', course: 'math-7' });
      await launchToken(s, {
        clientId: reg.clientId,
        deploymentId: 'course-deployment-9',
        user: 'ana',
        course: 'math-7',
      });
      expect(await deploymentsOf(tenant.id)).toEqual([reg.deploymentId, 'course-deployment-9'].sort());

      const admin = await launchToken(s, { clientId: reg.clientId, user: 'dana', placement: 'account_navigation' });
      const seen = await callApi(s.tool, admin, '/api/v1/admin/deployments');
      expect(seen.status).toBe(200);
      expect(seen.body.recordedOnLaunch).toBe(true);
      expect(seen.body.deployments.map((d: { deploymentId: string }) => d.deploymentId).sort()).toEqual(
        [reg.deploymentId, 'course-deployment-9'].sort(),
      );
      // The first is the district's own; a later one continues it: the same people (Canvas's sub is per instance).
      expect(seen.body.deployments.map((d: { continues: boolean }) => d.continues)).toEqual([false, true]);
      expect(seen.body.deployments[0]).toMatchObject({ name: 'Recorded on its first launch' });
      expect(await s.tool.services.db.knex('users').where({ tenant_id: tenant.id, sub: 'ana' })).toHaveLength(1);
      // Teachers do not see the district's installations.
      const teacher = await launchToken(s, { clientId: reg.clientId, user: 'ana', course: 'math-7' });
      expect((await callApi(s.tool, teacher, '/api/v1/admin/deployments')).status).toBe(403);

      // With the policy turned off, a new deployment is refused until `deployment add`.
      await s.tool.services.platforms.setDeploymentsOnLaunch(s.platform.issuer, reg.clientId, false);
      const refused = await s.platform.launch({
        clientId: reg.clientId,
        deploymentId: 'course-deployment-10',
        user: 'ana',
        course: 'math-7',
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('deployment_unknown');
      expect(await deploymentsOf(tenant.id)).not.toContain('course-deployment-10');
    });

    it('keeps refusing unknown deployments of a platform without the policy (Moodle names its deployment)', async () => {
      const { reg, tenant } = await register('moodle', 'Riverside Moodle');
      expect(await deploymentsOf(tenant.id)).toEqual([reg.deploymentId]);
      expect((await s.tool.services.platforms.platform(s.platform.issuer, reg.clientId))?.deploymentsOnLaunch).toBe(
        false,
      );
      const res = await s.platform.launch({
        clientId: reg.clientId,
        user: 'ana',
        course: 'math-7',
        tamper: { claims: (c) => ({ ...c, [CLAIM.deploymentId]: 'never-registered' }) },
      });
      expect(res.status).toBe(403);
      expect(await deploymentsOf(tenant.id)).toEqual([reg.deploymentId]);
    });
  });
}
