import { randomUUID } from 'node:crypto';
import { LaunchContextSchema, type LaunchContext, type MarginsRole } from '@margins/lti-tool/lti/launch-context';

/**
 * What the report benchmarks (metrics, curriculum insight) share: which databases to time, the launch
 * a district-level reader would have, and percentiles of the warm runs.
 */

/** The databases to time: BENCH_KINDS, else SQLite, and PostgreSQL too when a database URL is set. */
export const BENCH_KINDS = (
  process.env.BENCH_KINDS ??
  (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL ? 'sqlite,postgres' : 'sqlite')
).split(',') as ('sqlite' | 'postgres')[];

/** An account-level launch of `role` in the benchmark's district (no course), as the JSON routes receive it. */
export function benchLaunch(
  district: { tenantId: string; tenantName: string; issuer: string; clientId: string },
  role: MarginsRole,
): LaunchContext {
  return LaunchContextSchema.parse({
    launchId: randomUUID(),
    tenant: {
      id: district.tenantId,
      name: district.tenantName,
      issuer: district.issuer,
      clientId: district.clientId,
      product: 'canvas',
    },
    deployment: { id: 'dep', deploymentId: 'dep-1' },
    course: null,
    user: { id: `bench-${role}`, sub: `bench-${role}`, name: `Bench ${role}`, email: null },
    roles: [role],
    placement: 'account_navigation',
    messageType: 'LtiResourceLinkRequest',
    deepLinking: null,
    openAdaptationId: null,
    frameAncestors: [],
    issuedAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
}

/** The `q` quantile (0..1) of ascending `sorted` timings. */
export const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
