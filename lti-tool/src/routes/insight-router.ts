import { insightApi, parseOrThrow } from '@margins/shared';
import type { AdminService } from '../services/admin-service.js';
import type { HotSpotService } from '../services/hot-spot-service.js';
import type { InsightService } from '../services/insight-service.js';
import { DISTRICT_ADMIN, INSIGHT_READERS, route, STAFF, type RouteDef } from './table.js';

const JSON_BODY = { json: 16 * 1024 };

/**
 * Curriculum insight (shared/src/api-insight.ts, issue 20): the reports for district admins, coaches
 * and curriculum leads, a teacher's own choices, the district's naming setting and the curriculum
 * lead grant. Bearer launch sessions, except a page's hot spots (a paired browser's token); the
 * services scope everything by the caller's district.
 */
export function insightRoutes(d: {
  insight: InsightService;
  hotSpots: HotSpotService;
  admin: AdminService;
}): RouteDef[] {
  const a = insightApi;
  const readers = (summary: string) => ({ roles: INSIGHT_READERS, doing: 'see curriculum insight', summary }) as const;
  const admin = (summary: string, body?: typeof JSON_BODY) =>
    ({ roles: DISTRICT_ADMIN, doing: 'manage curriculum insight', summary, ...(body ? { body } : {}) }) as const;
  return [
    route(
      a.pageHotSpots,
      { cors: 'extension', summary: "District hot spots of one page (a teacher's extension)" },
      async (req, res, { actor }) => {
        const { url } = parseOrThrow(a.pageHotSpots.query, req.query, 'The page');
        res.json(await d.hotSpots.page(actor, url));
      },
    ),
    route(a.sites, readers("The district's curriculum sites"), async (_req, res, { launch }) => {
      res.json(await d.insight.sites(launch));
    }),
    route(a.site, readers('One curriculum site: pages and hot-spot passages'), async (req, res, { launch }) => {
      res.json(await d.insight.site(launch, parseOrThrow(a.site.query, req.query, 'The site report request')));
    }),
    route(a.page, readers("One page's passages"), async (req, res, { launch }) => {
      res.json(await d.insight.page(launch, parseOrThrow(a.page.query, req.query, 'The page report request')));
    }),
    route(
      a.exportPage,
      { ...readers("Export one page's passage report (CSV or Web Annotation); credits its teachers"), body: JSON_BODY },
      async (req, res, { launch }) => {
        const file = await d.insight.export(launch, parseOrThrow(a.exportPage.body, req.body, 'The export request'));
        res.set('Content-Type', file.type);
        res.set('Content-Disposition', `attachment; filename="${file.filename}"`);
        res.send(file.body);
      },
    ),
    route(a.preferences, { roles: STAFF, summary: 'My curriculum insight choices' }, async (_req, res, { launch }) => {
      res.json(await d.insight.preferences(launch));
    }),
    route(
      a.setPreferences,
      { roles: STAFF, body: JSON_BODY, summary: 'Change my curriculum insight choices' },
      async (req, res, { launch }) => {
        res.json(await d.insight.setPreferences(launch, parseOrThrow(a.setPreferences.body, req.body, 'The choices')));
      },
    ),
    route(a.districtSettings, admin("The district's curriculum insight setting"), async (_req, res, { launch }) => {
      res.json(await d.insight.districtSettings(launch));
    }),
    route(
      a.setDistrictSettings,
      admin("Change the district's curriculum insight setting", JSON_BODY),
      async (req, res, { launch }) => {
        res.json(
          await d.insight.setDistrictSettings(
            launch,
            parseOrThrow(a.setDistrictSettings.body, req.body, 'The setting'),
          ),
        );
      },
    ),
    route(a.curriculumLeads, admin('Curriculum leads of the deployment'), async (_req, res, { launch }) => {
      res.json({ leads: await d.admin.curriculumLeads(launch) });
    }),
    route(a.grantCurriculumLead, admin('Grant the curriculum lead role', JSON_BODY), async (req, res, { launch }) => {
      const { userId } = parseOrThrow(a.grantCurriculumLead.body, req.body, 'The curriculum lead');
      res.status(201).json(await d.admin.grantCurriculumLead(launch, userId));
    }),
    route(a.revokeCurriculumLead, admin('Revoke the curriculum lead role'), async (req, res, { launch }) => {
      const { userId } = parseOrThrow(a.revokeCurriculumLead.params, req.params, 'The curriculum lead');
      await d.admin.revokeCurriculumLead(launch, userId);
      res.json({ revoked: true });
    }),
  ];
}
