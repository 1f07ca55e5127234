import { z } from 'zod';
import type { Logger } from '../http/logger.js';
import { forLog, OutboundError, type OutboundHttp } from '../http/outbound.js';
import { AgsError, platformReason, type AgsClient, type AgsPlatform } from './ags-client.js';
import type { PlatformRegistry } from './platform-registry.js';
import { courseRoleOf, type CourseRole } from './roles.js';

/** NRPS 2.0 scope (Names and Role Provisioning Services 2.0, section 3.6). */
export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const MEMBERSHIPS = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
/** A course larger than this many pages of members is cut off there (a platform's page is 10-1000 people). */
const MAX_PAGES = 50;

const MemberSchema = z.looseObject({
  user_id: z.string().min(1).max(255),
  roles: z.array(z.string().max(500)).max(100).default([]),
  status: z.string().max(40).optional(),
  name: z.string().max(200).optional(),
});
const ContainerSchema = z.looseObject({ members: z.array(z.unknown()).max(100_000) });

/** One member of a course as its platform lists it. */
export interface RosterMember {
  /** The LMS user id (the `sub` of their launches). */
  userId: string;
  name: string | null;
  roles: string[];
  /** Teaches, learns (the platform can grade them), or neither; from their course roles. */
  courseRole: CourseRole;
  active: boolean;
}

/**
 * The course roster from the platform's Names and Role Provisioning Service (NRPS 2.0): every member
 * with their roles, page by page (`Link: <…>; rel="next"`, section 3.6.3), with the platform's own
 * OAuth token (the grade client's, so tokens are cached in one place). The memberships URL comes from
 * a launch claim, so every page goes through OutboundHttp: on the platform's registered origins, past
 * the address policy, with a timeout and a size cap; next pages must also stay on the first page's
 * origin. What the platform says on refusal is logged, never put into a message people see.
 */
export class RosterService {
  constructor(
    private readonly deps: {
      ags: AgsClient;
      registry: PlatformRegistry;
      http: OutboundHttp;
      logger?: Logger;
      timeoutMs?: number;
    },
  ) {}

  /** Every member of the course at `membershipsUrl`; throws AgsError when the platform refuses. */
  async members(p: AgsPlatform, membershipsUrl: string): Promise<RosterMember[]> {
    const platform = await this.deps.registry.platform(p.issuer, p.clientId);
    if (!platform) throw new AgsError('This learning platform is no longer registered with Margins.', null, true);
    const token = await this.deps.ags.accessToken(p, [NRPS_SCOPE]);
    const origin = new URL(membershipsUrl).origin;
    const out: RosterMember[] = [];
    let next: string | null = membershipsUrl;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      let res;
      try {
        res = await this.deps.http.request(next, "The course roster's address", {
          headers: { authorization: `Bearer ${token}`, accept: MEMBERSHIPS },
          allowedOrigins: platform.origins,
          ...(this.deps.timeoutMs ? { timeoutMs: this.deps.timeoutMs } : {}),
          maxBytes: 8 * 1024 * 1024,
        });
      } catch (e) {
        if (e instanceof OutboundError && (e.kind === 'origin' || e.kind === 'address'))
          this.deps.logger?.warn('roster: refused a platform address', { issuer: p.issuer, reason: e.message });
        throw new AgsError('Margins could not read the course roster from the learning platform.', null, true);
      }
      const text = res.text;
      if (!res.ok) {
        const said = platformReason(text);
        this.deps.logger?.warn('roster: the platform refused a request', {
          issuer: p.issuer,
          clientId: p.clientId,
          status: res.status,
          body: forLog(text),
        });
        throw new AgsError(
          `The learning platform refused to list the course's members (HTTP ${res.status}).`,
          res.status,
          true,
          said,
        );
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
      const container = ContainerSchema.safeParse(body);
      if (!container.success)
        throw new AgsError(
          'The learning platform answered the roster request with something other than members.',
          res.status,
          true,
        );
      for (const raw of container.data.members) {
        const m = MemberSchema.safeParse(raw);
        if (!m.success) continue;
        out.push({
          userId: m.data.user_id,
          name: m.data.name ?? null,
          roles: m.data.roles,
          courseRole: courseRoleOf(m.data.roles),
          active: (m.data.status ?? 'Active').toLowerCase() === 'active',
        });
      }
      next = nextLink(res.link, origin);
    }
    return out;
  }
}

/** The `rel="next"` target of a Link header (RFC 8288), if it stays on `origin`. */
function nextLink(header: string | null, origin: string): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (!m || !/rel\s*=\s*"?next"?/i.test(m[2]!)) continue;
    try {
      const u = new URL(m[1]!, origin);
      return u.origin === origin ? u.toString() : null;
    } catch {
      return null;
    }
  }
  return null;
}
