import { Router, type Response } from 'express';
import { metricsApi, parseOrThrow } from '@margins/shared';
import type { LaunchContext } from '../lti/launch-context.js';
import type { MetricsService } from '../services/metrics-service.js';

/** The launch context the API router's session middleware put on the response. */
function ctxOf(res: Response): LaunchContext {
  const ctx = res.locals.launch;
  if (!ctx) throw new Error('metrics routes must be mounted after the API session middleware');
  return ctx;
}

/**
 * Leadership metrics (shared/src/api-metrics.ts): the scopes, the JSON report and its CSV export.
 * Mounted after apiRouter (bearer launch session, so no cookie and no CSRF exposure); the service
 * checks the role and scopes everything by the launch's district.
 */
export function metricsRouter(d: { metrics: MetricsService }): Router {
  const r = Router();
  const a = metricsApi;
  r.get(a.scopes.path, async (_req, res) => void res.json(await d.metrics.scopes(ctxOf(res))));
  r.get(
    a.report.path,
    async (req, res) =>
      void res.json(await d.metrics.report(ctxOf(res), parseOrThrow(a.report.query, req.query, 'The report request'))),
  );
  r.get(a.csv.path, async (req, res) => {
    const { filename, body } = await d.metrics.csv(
      ctxOf(res),
      parseOrThrow(a.csv.query, req.query, 'The report request'),
    );
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="${filename}"`);
    res.send(body);
  });
  return r;
}
