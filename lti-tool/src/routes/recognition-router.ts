import express, { Router, type Response } from 'express';
import { AppError, BADGE_PATHS, parseOrThrow, recognitionApi } from '@margins/shared';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../badges/index.js';
import { rateLimit } from '../http/middleware.js';
import type { LaunchContext } from '../lti/launch-context.js';
import type { BadgeIssuer } from '../services/badge-issuer.js';
import type { RecognitionService } from '../services/recognition-service.js';
import type { RecognitionRepo } from '../data/recognition-repo.js';
import type { UiShell } from './ui-router.js';

/** The launch context the API router's session middleware put on the response. */
function ctxOf(res: Response): LaunchContext {
  const ctx = res.locals.launch;
  if (!ctx) throw new Error('recognition routes must be mounted after the API session middleware');
  return ctx;
}

/**
 * Recognition for people signed in through a launch (shared/src/api-recognition.ts): a teacher's
 * own recognitions, download and wall choice, the course wall, and the coach/admin tab. Mounted
 * after apiRouter (bearer credential, no cookies: the CSRF defence); services check roles and tenant.
 */
export function recognitionRouter(d: { recognition: RecognitionService }): Router {
  const r = Router();
  const a = recognitionApi;
  const id = (params: unknown) => parseOrThrow(a.credential.params, params, 'The recognition id').id;

  r.get(a.mine.path, async (_req, res) => void res.json({ recognitions: await d.recognition.mine(ctxOf(res)) }));
  r.get(a.wall.path, async (_req, res) => void res.json(await d.recognition.wall(ctxOf(res))));
  r.get(a.credential.path, async (req, res) => {
    const recognitionId = id(req.params);
    const json = await d.recognition.credential(ctxOf(res), recognitionId);
    res.type('application/ld+json');
    res.setHeader('Content-Disposition', `attachment; filename="margins-recognition-${recognitionId}.json"`);
    res.send(json);
  });
  r.put(
    a.setWall.path,
    async (req, res) =>
      void res.json(
        await d.recognition.setOnWall(
          ctxOf(res),
          id(req.params),
          parseOrThrow(a.setWall.body, req.body, 'The wall choice').onWall,
        ),
      ),
  );

  r.get(
    a.district.path,
    async (_req, res) => void res.json({ recognitions: await d.recognition.district(ctxOf(res)) }),
  );
  r.post(
    a.award.path,
    async (req, res) =>
      void res
        .status(201)
        .json(await d.recognition.award(ctxOf(res), parseOrThrow(a.award.body, req.body, 'The recognition'))),
  );
  r.post(
    a.revoke.path,
    async (req, res) =>
      void res.json(
        await d.recognition.revoke(ctxOf(res), id(req.params), parseOrThrow(a.revoke.body, req.body, 'The revocation')),
      ),
  );
  r.get(a.rules.path, async (_req, res) => void res.json({ rules: await d.recognition.rules(ctxOf(res)) }));
  r.put(a.setRule.path, async (req, res) => {
    const { ruleId } = parseOrThrow(a.setRule.params, req.params, 'The rule');
    res.json(
      await d.recognition.setRule(
        ctxOf(res),
        ruleId,
        parseOrThrow(a.setRule.body, req.body, 'The rule setting').enabled,
      ),
    );
  });
  return r;
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
export function badgesRouter(d: {
  issuer: BadgeIssuer;
  repo: RecognitionRepo;
  ui: UiShell;
  verifyPerMinute: number;
}): Router {
  const r = Router();
  const documents = rateLimit(d.verifyPerMinute * 10);
  const verifying = rateLimit(d.verifyPerMinute);

  r.get(BADGE_PATHS.issuer, documents, async (req, res) => {
    const doc = await d.issuer.profileDocument(TenantParams(req.params));
    if (!doc) throw new AppError('not_found', 'This district has not issued any recognition yet.');
    publicDocument(res, doc);
  });
  r.get(BADGE_PATHS.statusList, documents, async (req, res) => {
    const doc = await d.issuer.statusListCredential(TenantParams(req.params));
    if (!doc) throw new AppError('not_found', 'This district has not issued any recognition yet.');
    publicDocument(res, doc);
  });
  r.get(BADGE_PATHS.achievement, documents, async (req, res) => {
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
  });

  r.options(BADGE_PATHS.verify, (_req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', 'content-type');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  });
  // The body is taken as text, so a pasted credential that is not JSON gets a readable problem, not a bare 400.
  r.post(
    BADGE_PATHS.verify,
    verifying,
    express.text({ type: ['application/json', 'application/ld+json', 'text/plain'], limit: '256kb' }),
    async (req, res) => {
      const body = typeof req.body === 'string' ? req.body : '';
      if (!body.trim()) throw new AppError('validation_failed', 'Send the credential (its JSON) as the request body.');
      const answer = recognitionApi.verify.response.parse(await d.issuer.verify(body));
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.json(answer);
    },
  );
  r.get(BADGE_PATHS.verifyPage, verifying, (_req, res) => d.ui.renderPublic(res, 'verify'));
  return r;
}
