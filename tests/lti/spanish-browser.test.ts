import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { TABLES_FOR_TEST, translate, type MessageKey } from '@margins/lti-tool/ui/i18n/index';
import { chromiumAvailable } from '../support/chromium.js';
import {
  type LmsInChromium,
  lmsReady,
  seriousViolations,
  startLmsInChromium,
  toolFrame,
} from '../support/lms-frame.js';
import { chooseNavItem } from '../support/lms-views.js';

const es = (key: MessageKey) => translate('es', key);

/** One main view: the navigation item that opens it (Spanish words) and its heading. */
type View = { name: string; nav?: MessageKey; heading: string; open?: (frame: Frame) => Promise<void> };

/** Each persona of the walkthrough, launched from a Spanish LMS, and the main views they use. */
const PERSONAS: { user: string; course?: string; views: View[] }[] = [
  {
    user: 'ana',
    course: 'math-7',
    views: [
      { name: 'library', heading: '#library-heading' },
      {
        name: 'detail',
        heading: '#detail-heading',
        open: (frame) => frame.locator('ul.results button.link').first().click(),
      },
      { name: 'participation', nav: 'nav.participation', heading: '#pg-heading' },
      { name: 'recognition', nav: 'nav.recognition', heading: '#rec-heading' },
      { name: 'my mentoring', nav: 'nav.myMentoring', heading: '#mm-heading' },
      { name: 'extension', nav: 'nav.extension', heading: '#connect-heading' },
      { name: 'my data', nav: 'nav.myData', heading: '#md-heading' },
    ],
  },
  {
    user: 'ben',
    course: 'ela-plc',
    views: [
      { name: 'collections', nav: 'nav.collections', heading: '#cc-heading' },
      {
        name: 'collection editor',
        heading: '#ce-heading',
        open: (frame) => frame.locator('#cc-heading ~ ul.rows button.link').first().click(),
      },
      { name: 'focus areas', nav: 'nav.focus', heading: '#fa-heading' },
      { name: 'approvals', nav: 'nav.approvals', heading: '#ap-pending-heading' },
      { name: 'featured', nav: 'nav.featured', heading: '#fm-heading' },
      { name: 'mentoring', nav: 'nav.mentoring', heading: '#mt-heading' },
      { name: 'award recognition', nav: 'nav.awards', heading: '#cr-heading' },
      { name: 'metrics', nav: 'nav.metrics', heading: '#lm-heading' },
      { name: 'insight', nav: 'nav.insight', heading: '#ci-heading' },
    ],
  },
  {
    user: 'dana',
    views: [
      { name: 'coaches', nav: 'nav.coaches', heading: '#coaches-heading' },
      { name: 'sharing settings', nav: 'nav.sharing', heading: '#sharing-heading' },
      { name: 'metrics', nav: 'nav.metrics', heading: '#lm-heading' },
      { name: 'curriculum leads', nav: 'nav.curriculumLeads', heading: '#leads-heading' },
    ],
  },
];

/**
 * What must not be read in a Spanish view: every English UI string that has a Spanish one, cut at its
 * placeholders into pieces of two words or more (the demo's own content is English, so single words
 * could be a teacher's text; whole UI phrases cannot).
 */
const ENGLISH_PHRASES = (() => {
  const { en, es: spanish } = TABLES_FOR_TEST;
  const phrases = new Set<string>();
  for (const key of Object.keys(en) as MessageKey[]) {
    if (en[key] === spanish[key]) continue;
    for (const piece of en[key].split(/\{\w+\}/)) {
      const words = piece.trim().replace(/^[\s.,:;()·—“”"-]+|[\s.,:;()·—“”"-]+$/g, '');
      if (words.split(/\s+/).length >= 2 && words.length >= 10) phrases.add(words);
    }
  }
  return [...phrases];
})();

/**
 * Words of the UI's own chrome that are English and never Spanish. Checked only where the UI speaks
 * (buttons but not links to practices, labels, legends, column headers, captions, headings below
 * the page title, placeholders and accessible names of controls), not in teachers' text.
 */
const ENGLISH_WORDS = [
  'the',
  'and',
  'your',
  'with',
  'loading',
  'search',
  'find',
  'save',
  'delete',
  'remove',
  'show',
  'choose',
  'download',
  'cancel',
  'back',
  'edit',
  'add',
  'practices',
  'practice',
  'collection',
  'collections',
  'tried',
  'shared',
  'feedback',
  'district',
  'school',
  'course',
  'month',
  'members',
  'recognition',
  'mentoring',
  'settings',
  'browser',
  'code',
  'grade',
  'sharing',
  'approve',
  'decline',
  'publish',
  'none',
  'yet',
];

/** The UI's chrome text in the frame: what ENGLISH_WORDS is checked against. */
function chromeText(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => {
    const visible = (el: Element) => (el as HTMLElement).offsetParent !== null || el.closest('.visually-hidden');
    const out: string[] = [];
    const chrome =
      'button:not(.link), label, legend, th[scope=col], caption, h2, h3, h4, .lede, .state, .empty-title, .notice, nav';
    for (const el of document.querySelectorAll(chrome))
      if (visible(el)) {
        const clone = el.cloneNode(true) as HTMLElement;
        // A control's own value, an option's text or a person's name is content, not chrome.
        clone
          .querySelectorAll('input, textarea, select, option, strong, code, .meta, button.link')
          .forEach((c) => c.remove());
        out.push(clone.textContent ?? '');
      }
    for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]'))
      out.push(el.getAttribute('placeholder') ?? '');
    for (const el of document.querySelectorAll('main [aria-label], nav [aria-label]'))
      out.push((el.getAttribute('aria-label') ?? '').replace(/“[^”]*”|«[^»]*»/g, ''));
    return out;
  });
}

/** Everything a person can read or hear in the frame: text, accessible names, titles and placeholders. */
function allText(frame: Frame): Promise<string> {
  return frame.evaluate(() =>
    [
      document.body.innerText,
      document.title,
      ...[...document.querySelectorAll('[aria-label], [title], [placeholder], svg title, svg desc')].map((el) =>
        [el.getAttribute('aria-label'), el.getAttribute('title'), el.getAttribute('placeholder'), el.textContent]
          .filter(Boolean)
          .join(' '),
      ),
    ].join('\n'),
  );
}

/** Names the launch brings (the district, the course): content in the district's own words, not UI. */
function launchNames(frame: Frame): Promise<string[]> {
  return frame.evaluate(async () => {
    const boot = JSON.parse(document.getElementById('margins-session')!.textContent) as { token: string };
    const res = await fetch('/api/v1/session', { headers: { authorization: `Bearer ${boot.token}` } });
    const s = (await res.json()) as { tenant: { name: string }; course: { title: string } | null };
    return [s.tenant.name, ...(s.course ? [s.course.title] : [])];
  });
}

/**
 * The English left in the frame: whole UI phrases anywhere, single English words in the UI's chrome
 * once quoted titles (“…”, «…») and the launch's names are set aside as content.
 */
async function englishIn(frame: Frame): Promise<string[]> {
  const found: string[] = [];
  const text = (await allText(frame)).replace(/\s+/g, ' ');
  for (const phrase of ENGLISH_PHRASES) if (text.includes(phrase)) found.push(`"${phrase}"`);
  const names = await launchNames(frame);
  for (const raw of await chromeText(frame)) {
    const line = names.reduce((l, n) => l.split(n).join(' '), raw.replace(/“[^”]*”|«[^»]*»/g, ' '));
    const words = line.toLowerCase().match(/[a-záéíóúñü]+/g) ?? [];
    for (const w of words) if (ENGLISH_WORDS.includes(w)) found.push(`${w} (in "${line.trim().slice(0, 80)}")`);
  }
  return [...new Set(found)];
}

/**
 * The LMS UI launched from a Spanish LMS (the launch's locale claim `es-MX`, browser in English) at
 * 800x600: every main view of each persona says `lang="es"`, shows no English UI phrase or chrome
 * word, and axe finds nothing serious.
 */
const run = chromiumAvailable() ? describe : describe.skip;
run('the LMS UI in Spanish', { timeout: 240_000 }, () => {
  let stack: LmsInChromium;

  beforeAll(async () => {
    stack = await startLmsInChromium({ demo: true });
  }, 120_000);
  afterAll(async () => stack?.stop());

  it('finds English when there is some (the check can fail)', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 800, height: 600 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(stack.platform.launchPageUrl({ clientId: stack.clientId, user: 'ana', course: 'math-7' }));
    const frame = await toolFrame(page, stack.tool.url);
    await lmsReady(frame);
    await frame.locator('#library-heading').waitFor();
    expect((await englishIn(frame)).length).toBeGreaterThan(3);
    await context.close();
  });

  for (const persona of PERSONAS)
    it(`speaks only Spanish to ${persona.user} in every main view`, async () => {
      const context = await stack.browser.newContext({ viewport: { width: 800, height: 600 }, locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(
        stack.platform.launchPageUrl({
          clientId: stack.clientId,
          user: persona.user,
          course: persona.course,
          locale: 'es-MX',
        }),
      );
      const frame = await toolFrame(page, stack.tool.url);
      await lmsReady(frame);
      await frame.getByRole('heading', { level: 1, name: es('library.heading') }).waitFor();
      const problems: string[] = [];
      for (const view of persona.views) {
        if (view.open) await view.open(frame);
        else if (view.nav) await chooseNavItem(frame, es(view.nav));
        await frame.locator(view.heading).first().waitFor({ timeout: 60_000 }); // slower under load, not wrong
        await lmsReady(frame);
        const where = `${persona.user} ${view.name}`;
        if ((await frame.evaluate(() => document.documentElement.lang)) !== 'es') problems.push(`${where}: lang`);
        for (const e of await englishIn(frame)) problems.push(`${where}: ${e}`);
        for (const v of await seriousViolations(frame)) problems.push(`${where}: axe ${v}`);
      }
      expect(problems).toEqual([]);
      await context.close();
    });
});
