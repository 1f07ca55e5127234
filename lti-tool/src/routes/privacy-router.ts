import { parseOrThrow, privacyApi } from '@margins/shared';
import { retryAfter, type RateLimit } from '../http/rate-limits.js';
import type { PrivacyGuard } from '../services/privacy-guard.js';
import { route, STAFF, type RouteDef } from './table.js';

/**
 * The privacy check (issue 16) for the LMS UI and the extension. A check endpoint rather than
 * handing out the salted hashes: hashes of name tokens with their salt can be reversed offline
 * with any list of names, so the roster would leave the tool; here it never does. Each answer says
 * only whether the caller's own texts name a learner of the caller's own courses (tenant and course
 * isolation come from the credential), and a per-person limit keeps it from being used to probe a
 * roster word by word.
 */
export function privacyRoutes(d: { privacy: PrivacyGuard; perPerson: RateLimit }): RouteDef[] {
  return [
    route(
      privacyApi.check,
      {
        roles: STAFF,
        cors: 'extension',
        body: { json: 128 * 1024 },
        summary: 'Check texts before sharing: learner names (roster), names, emails, IDs (positions only)',
      },
      async (req, res, { actor }) => {
        await d.perPerson.hit(`${actor.tenantId}:${actor.userId}`, retryAfter(res));
        const { fields } = parseOrThrow(privacyApi.check.body, req.body, 'The texts to check');
        res.json({
          findings: await d.privacy.check(
            { tenantId: actor.tenantId, userId: actor.userId, name: actor.userName },
            fields,
          ),
        });
      },
    ),
  ];
}
