import { z } from 'zod';
import { endpoint } from './api-endpoint.js';
import { plainText } from './text.js';

/**
 * The district admin part of the REST contract: coach grants, installations, re-registration and the
 * district's sharing settings. Part of `api` (api.ts).
 */

/** A person of the admin's own installation, for coach grants. */
export const StaffMemberSchema = z.object({ userId: z.string(), name: z.string(), email: z.string().nullable() });

/** District settings for sharing (district admins). */
export const SharingSettingsSchema = z.object({
  /** Colleagues inside the district see who wrote an adaptation; never across districts. */
  showAuthorNames: z.boolean(),
});

/** District admins' endpoints (each checks the district-admin role). */
export const adminApi = {
  adminCoaches: endpoint({
    method: 'GET',
    path: '/api/v1/admin/coaches',
    auth: 'launch',
    response: z.object({ coaches: z.array(StaffMemberSchema) }),
  }),
  adminPeople: endpoint({
    method: 'GET',
    path: '/api/v1/admin/people',
    auth: 'launch',
    query: z.object({ q: plainText('The search text', { max: 200 }).optional() }),
    response: z.object({ people: z.array(StaffMemberSchema) }),
  }),
  /**
   * District admins: their platform's deployments (installations), and whether new ones are recorded
   * on their first verified launch (Canvas registers none; issue 14).
   */
  adminDeployments: endpoint({
    method: 'GET',
    path: '/api/v1/admin/deployments',
    auth: 'launch',
    response: z.object({
      recordedOnLaunch: z.boolean(),
      deployments: z.array(
        z.object({ deploymentId: z.string(), name: z.string(), createdAt: z.string(), continues: z.boolean() }),
      ),
    }),
  }),
  /** District admins: a one-time install code that re-registers their own district (issue 12, 14). */
  adminReregistrationCode: endpoint({
    method: 'POST',
    path: '/api/v1/admin/reregistration-code',
    auth: 'launch',
    response: z.object({
      code: z.string(),
      expiresAt: z.string(),
      registrationUrl: z.string(),
      district: z.string(),
    }),
  }),
  adminCoachGrant: endpoint({
    method: 'POST',
    path: '/api/v1/admin/coaches',
    auth: 'launch',
    body: z.object({ userId: z.string().min(1).max(36) }),
    response: StaffMemberSchema,
  }),
  adminCoachRevoke: endpoint({
    method: 'DELETE',
    path: '/api/v1/admin/coaches/:userId',
    auth: 'launch',
    params: z.object({ userId: z.string().min(1).max(36) }),
    response: z.object({ revoked: z.literal(true) }),
  }),
  sharingSettings: endpoint({
    method: 'GET',
    path: '/api/v1/admin/sharing',
    auth: 'launch',
    response: SharingSettingsSchema,
  }),
  sharingSettingsUpdate: endpoint({
    method: 'PUT',
    path: '/api/v1/admin/sharing',
    auth: 'launch',
    body: SharingSettingsSchema,
    response: SharingSettingsSchema,
  }),
} as const;
