import type { Response } from 'express';
import { AppError, BADGE_PATHS, parseOrThrow, recognitionApi } from '@margins/shared';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../badges/index.js';
import type { RateLimits } from '../http/rate-limits.js';
import type { BadgeIssuer } from '../services/badge-issuer.js';
import type { RecognitionService } from '../services/recognition-service.js';
import type { RecognitionRepo } from '../data/recognition-repo.js';
import type { UiShell } from './ui-router.js';
import { COACH, LEADERS, route, STAFF, type RouteDef } from './table.js';

const JSON_BODY = { json: 256 * 1024 };

/**
 * Recognition for people signed in through a launch (shared/src/api-recognition.ts): a teacher's
 * own recognitions, download and wall choice, the course wall, and the coach/admin tab. Bearer
 * credential, no cookies (the CSRF defence); the table checks roles, services check the tenant.
 */
export function recognitionRoutes(d: { recognition: RecognitionService }): RouteDef[] {
  const a = recognitionApi;
  const id = (params: unknown) => parseOrThrow(a.credential.params, params, 'The recognition id').id;

  return [
    route(a.mine, { roles: STAFF, summary: "One's own recognitions" }, async (_req, res, { launch }) => {
      res.json({ recognitions: await d.recognition.mine(launch) });
    }),
    route(a.wall, { roles: STAFF, summary: "The course's recognition wall" }, async (_req, res, { launch }) => {
      res.json(await d.recognition.wall(launch));
    }),
    route(a.credential, { roles: STAFF, summary: 'Download one own credential' }, async (req, res, { launch }) => {
      const recognitionId = id(req.params);
      const json = await d.recognition.credential(launch, recognitionId);
      res.type('application/ld+json');
      res.setHeader('Content-Disposition', `attachment; filename="margins-recognition-${recognitionId}.json"`);
      res.send(json);
    }),
    route(
      a.setWall,
      { roles: STAFF, body: JSON_BODY, summary: 'Show or hide one own recognition on the wall' },
      async (req, res, { launch }) => {
        res.json(
          await d.recognition.setOnWall(
            launch,
            id(req.params),
            parseOrThrow(a.setWall.body, req.body, 'The wall choice').onWall,
          ),
        );
      },
    ),

    route(
      a.district,
      { roles: LEADERS, doing: 'see the district\u2019s recognitions', summary: "The district's recognitions" },
      async (_req, res, { launch }) => {
        res.json({ recognitions: await d.recognition.district(launch) });
      },
    ),
    route(
      a.awardPreview,
      {
        roles: COACH,
        doing: 'award recognition',
        body: JSON_BODY,
        summary: 'Preview the public text of an award (nothing is signed)',
      },
      async (req, res, { launch }) => {
        res.json(
          await d.recognition.previewAward(launch, parseOrThrow(a.awardPreview.body, req.body, 'The recognition')),
        );
      },
    ),
    route(
      a.award,
      { roles: COACH, doing: 'award recognition', body: JSON_BODY, summary: 'Award a recognition' },
      async (req, res, { launch }) => {
        res
          .status(201)
          .json(await d.recognition.award(launch, parseOrThrow(a.award.body, req.body, 'The recognition')));
      },
    ),
    route(
      a.revoke,
      { roles: LEADERS, doing: 'revoke recognition', body: JSON_BODY, summary: 'Revoke a recognition' },
      async (req, res, { launch }) => {
        res.json(
          await d.recognition.revoke(launch, id(req.params), parseOrThrow(a.revoke.body, req.body, 'The revocation')),
        );
      },
    ),
    route(
      a.rules,
      { roles: LEADERS, doing: 'see recognition rules', summary: 'Recognition rules' },
      async (_req, res, { launch }) => {
        res.json({ rules: await d.recognition.rules(launch) });
      },
    ),
    route(
      a.setRule,
      {
        roles: LEADERS,
        doing: 'change recognition rules',
        body: JSON_BODY,
        summary: 'Turn a recognition rule on or off',
      },
      async (req, res, { launch }) => {
        const { ruleId } = parseOrThrow(a.setRule.params, req.params, 'The rule');
        const setting = parseOrThrow(a.setRule.body, req.body, 'The rule setting');
        res.json(await d.recognition.setRule(launch, ruleId, setting.enabled, setting.confirmedPreview));
      },
    ),
  ];
}

/** Public badge documents may be read from anywhere (other verifiers fetch them); no credentials are involved. */
function publicDocument(res: Response, doc: unknown): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.type('application/ld+json').send(JSON.stringify(doc));
}

const TenantParams = (params: unknown) => {
  const tenantId = (params as { tenantId?: unknown }).tenantId;
  if (typeof tenantId !== 'string' || !/^[0-9a-f-]{36}$/i.test(tenantId))
    throw new AppError('not_found', 'There is no such issuer.');
  return tenantId;
};

/**
 * The public, unauthenticated side of recognition, rate-limited per client address: each
 * district's issuer profile (its key) and status list, rule achievements, the verification
 * endpoint (a credential in, its problems out; it never fetches anything) and the verification page.
 */
export function badgesRoutes(d: {
  issuer: BadgeIssuer;
  repo: RecognitionRepo;
  ui: UiShell;
  verifyPerMinute: number;
  limits: RateLimits;
}): RouteDef[] {
  const documents = d.limits.limit('badge-documents', d.verifyPerMinute * 10).perAddress();
  const verifying = d.limits.limit('badge-verify', d.verifyPerMinute).perAddress();
  const open = (method: 'GET' | 'POST', path: string) => ({ method, path, auth: 'public' as const });

  return [
    route(
      open('GET', BADGE_PATHS.issuer),
      { limits: [documents], summary: "A district's issuer profile (Open Badges)" },
      async (req, res) => {
        const doc = await d.issuer.profileDocument(TenantParams(req.params));
        if (!doc) throw new AppError('not_found', 'This district has not issued any recognition yet.');
        publicDocument(res, doc);
      },
    ),
    route(
      open('GET', BADGE_PATHS.statusList),
      { limits: [documents], summary: "A district's credential status list" },
      async (req, res) => {
        const doc = await d.issuer.statusListCredential(TenantParams(req.params));
        if (!doc) throw new AppError('not_found', 'This district has not issued any recognition yet.');
        publicDocument(res, doc);
      },
    ),
    route(
      open('GET', BADGE_PATHS.achievement),
      { limits: [documents], summary: 'A rule achievement' },
      async (req, res) => {
        const tenantId = TenantParams(req.params);
        const ruleId = String(req.params.ruleId);
        const rule = (await d.repo.rules(tenantId)).find((x) => x.rule.id === ruleId)?.rule;
        if (!rule) throw new AppError('not_found', 'There is no such achievement.');
        publicDocument(res, {
          '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
          id: d.issuer.achievementUrl(tenantId, rule.id),
          type: ['Achievement'],
          achievementType: 'Badge',
          name: rule.name,
          description: rule.description,
          criteria: { narrative: rule.criteria },
          creator: { id: d.issuer.issuerId(tenantId), type: ['Profile'] },
        });
      },
    ),
    // A CORS preflight for verifiers on other sites (no credentials are involved).
    route(
      { method: 'OPTIONS', path: BADGE_PATHS.verify, auth: 'public' },
      { summary: 'CORS preflight of the verifier' },
      (_req, res) => {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Access-Control-Allow-Methods', 'POST');
        res.setHeader('Access-Control-Allow-Headers', 'content-type');
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
      },
    ),
    // The body is taken as text, so a pasted credential that is not JSON gets a readable problem, not a bare 400.
    route(
      recognitionApi.verify,
      {
        limits: [verifying],
        body: { text: ['application/json', 'application/ld+json', 'text/plain'], limit: 256 * 1024 },
        summary: 'Verify a credential (JSON in, problems out)',
      },
      async (req, res) => {
        const body = typeof req.body === 'string' ? req.body : '';
        if (!body.trim())
          throw new AppError('validation_failed', 'Send the credential (its JSON) as the request body.');
        const answer = recognitionApi.verify.response.parse(await d.issuer.verify(body));
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.json(answer);
      },
    ),
    route(
      open('GET', BADGE_PATHS.verifyPage),
      { limits: [verifying], summary: 'The badge verification page' },
      (_req, res) => d.ui.renderPublic(res, 'verify'),
    ),
  ];
}
