/**
 * Names and Role Provisioning Services 2.0: the context membership endpoint (NRPS 2.0 section 2), with
 * the `role` filter and `limit` paging through an RFC 8288 `Link: rel="next"` header.
 */
import express, { type Router } from 'express';
import { SCOPES, type PlatformState } from './state.js';
import { requireScope } from './token.js';

const MEDIA_TYPE = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

/** Routes of the membership service. */
export function nrpsRoutes(state: PlatformState): Router {
  const router = express.Router();
  router.get('/api/lti/courses/:course/names_and_roles', requireScope(state, [SCOPES.membership]), (req, res) => {
    const course = state.roster.courses.get(String(req.params.course));
    if (!course) {
      res.status(404).json({ error: 'not_found', error_description: 'unknown context' });
      return;
    }
    const roleFilter = typeof req.query.role === 'string' ? req.query.role : undefined;
    let members = [...course.members].map((sub) => {
      const user = state.roster.user(sub);
      return {
        status: 'Active',
        name: user.name,
        given_name: user.givenName,
        family_name: user.familyName,
        ...(user.email ? { email: user.email } : {}),
        user_id: user.sub,
        lis_person_sourcedid: `sis-${user.sub}`,
        roles: state.roster.contextRoles(user.sub, course.id),
      };
    });
    if (roleFilter) {
      // NRPS 2.0: the filter may be a full URI or a simple name of a context role.
      members = members.filter((m) => m.roles.some((r) => r === roleFilter || r.endsWith(`#${roleFilter}`)));
    }
    const url = state.endpoints.memberships(course.id);
    const limit = Number(req.query.limit);
    const pageNo = Math.max(1, Number(req.query.page) || 1);
    if (Number.isInteger(limit) && limit > 0) {
      const start = (pageNo - 1) * limit;
      if (start + limit < members.length) {
        const next = new URL(url);
        if (roleFilter) next.searchParams.set('role', roleFilter);
        next.searchParams.set('limit', String(limit));
        next.searchParams.set('page', String(pageNo + 1));
        res.set('Link', `<${next.toString()}>; rel="next"`);
      }
      members = members.slice(start, start + limit);
    }
    res
      .type(MEDIA_TYPE)
      .send(JSON.stringify({ id: url, context: { id: course.id, label: course.label, title: course.title }, members }));
  });
  return router;
}
