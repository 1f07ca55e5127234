import { z } from 'zod';
import { IdSchema, parseOrThrow, retentionApi } from '@margins/shared';
import { esc, page } from '../http/html.js';
import { htmlCsp } from '../http/middleware.js';
import type { RetentionService } from '../services/retention-service.js';
import { KEEPS_TEXT, type KeepsFigures } from './keeps-text.js';
import { DISTRICT_ADMIN, route, type RouteDef } from './table.js';

/** Where the "What Margins keeps about you" page is served (linked from every LMS view and the extension). */
export const KEEPS_PATH = '/what-margins-keeps';

/** The page's query: which district's figures to show, in which language. Bad values get clear errors. */
const KeepsQuerySchema = z.object({
  district: IdSchema.optional(),
  lang: z.enum(['en', 'es'], { error: 'The language (lang) is en or es.' }).optional(),
});

/** The language a request asks for: `lang` first, then the browser's Accept-Language, else English. */
function languageOf(lang: 'en' | 'es' | undefined, accept: string | undefined): 'en' | 'es' {
  if (lang) return lang;
  const first = (accept ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('es') ? 'es' : 'en';
}

/** The page itself: plain HTML, readable without JavaScript. */
export function keepsPage(lang: 'en' | 'es', f: KeepsFigures, district: string | undefined): string {
  const t = KEEPS_TEXT[lang];
  const other = new URLSearchParams({ ...(district ? { district } : {}), lang: t.otherLanguage.lang });
  const body = [
    `<h1>${esc(t.title)}</h1>`,
    `<p>${esc(t.intro)}</p>`,
    `<p class="meta">${esc(t.scope(f))}</p>`,
    ...t
      .sections(f)
      .map(
        (s) => `<section><h2>${esc(s.heading)}</h2>${s.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}</section>`,
      ),
    `<p class="meta"><a href="?${esc(other.toString())}" lang="${t.otherLanguage.lang}" hreflang="${t.otherLanguage.lang}">${esc(t.otherLanguage.label)}</a></p>`,
  ].join('\n');
  return page(`${t.title} - Margins`, body).replace('<html lang="en">', `<html lang="${lang}">`);
}

/**
 * Retention (issue 16, item 6): the district admin's setting for how long details are kept, and the
 * public "What Margins keeps about you" page. The page shows a district's own figures when the link
 * names it (retention periods are not secret; nothing else about the district is shown).
 */
export function retentionRoutes(d: { retention: RetentionService }): RouteDef[] {
  const settings = { roles: DISTRICT_ADMIN, doing: 'change how long details are kept' } as const;
  return [
    route(
      retentionApi.settings,
      { ...settings, summary: "The district's retention of feedback text and ledger details" },
      async (_req, res, { launch }) => {
        res.json(await d.retention.settings(launch));
      },
    ),
    route(
      retentionApi.update,
      { ...settings, body: { json: 16 * 1024 }, summary: 'Change how long the district keeps details' },
      async (req, res, { launch }) => {
        res.json(
          await d.retention.update(launch, parseOrThrow(retentionApi.update.body, req.body, 'The retention settings')),
        );
      },
    ),
    route(
      { method: 'GET', path: KEEPS_PATH, auth: 'public' },
      { html: true, summary: 'What Margins keeps about you (en, es; a district\u2019s own retention with ?district=)' },
      async (req, res) => {
        const q = parseOrThrow(KeepsQuerySchema, req.query, 'The page address');
        const lang = languageOf(q.lang, req.get('accept-language'));
        const facts = await d.retention.facts(q.district ?? null);
        const figures: KeepsFigures = {
          detailDays: facts.detailDays,
          feedDays: facts.feedDays,
          ownDistrict: facts.known,
        };
        htmlCsp(res, { ancestors: '*' });
        res.setHeader('Cache-Control', 'no-cache');
        res.type('html').send(keepsPage(lang, figures, q.district));
      },
    ),
  ];
}
