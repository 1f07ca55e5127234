import { metricsApi, parseOrThrow } from '@margins/shared';
import type { MetricsService } from '../services/metrics-service.js';
import { LEADERS, route, type RouteDef } from './table.js';

/**
 * Leadership metrics (shared/src/api-metrics.ts): the scopes, the JSON report and its CSV export,
 * for coaches and district admins (bearer launch session, so no cookie and no CSRF exposure); the
 * service scopes everything by the launch's district.
 */
export function metricsRoutes(d: { metrics: MetricsService }): RouteDef[] {
  const a = metricsApi;
  const leaders = (summary: string) => ({ roles: LEADERS, doing: 'see leadership metrics', summary }) as const;
  return [
    route(a.scopes, leaders('What the metrics can be scoped to'), async (_req, res, { launch }) => {
      res.json(await d.metrics.scopes(launch));
    }),
    route(a.report, leaders('The leadership metrics report'), async (req, res, { launch }) => {
      res.json(await d.metrics.report(launch, parseOrThrow(a.report.query, req.query, 'The report request')));
    }),
    route(a.csv, leaders('The report as CSV'), async (req, res, { launch }) => {
      const { filename, body } = await d.metrics.csv(
        launch,
        parseOrThrow(a.csv.query, req.query, 'The report request'),
      );
      res.set('Content-Type', 'text/csv; charset=utf-8');
      res.set('Content-Disposition', `attachment; filename="${filename}"`);
      res.send(body);
    }),
  ];
}
