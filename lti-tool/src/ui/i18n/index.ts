import { en, type MessageKey } from './en.js';
import { es } from './es.js';

export type { MessageKey };

/** The languages the LMS UI speaks. */
export const LANGS = ['en', 'es'] as const;
/** A UI language. */
export type Lang = (typeof LANGS)[number];

const TABLES: Record<Lang, Record<MessageKey, string>> = { en, es };
let lang: Lang = 'en';

/**
 * The UI language for a launch: the platform's locale claim first (what the person chose in the LMS),
 * then the browser's languages, else English. Only the language part counts ("es-MX" is Spanish).
 */
export function pickLang(launchLocale: string | null | undefined, browser: readonly string[] = []): Lang {
  for (const tag of [launchLocale, ...browser]) {
    const base = tag?.toLowerCase().split(/[-_]/)[0];
    if (base && (LANGS as readonly string[]).includes(base)) return base as Lang;
  }
  return 'en';
}

/** Switches the UI language and marks the document with it (screen readers, hyphenation, spell check). */
export function setLang(next: Lang, doc: Document | null = typeof document === 'undefined' ? null : document): void {
  lang = next;
  if (doc) {
    doc.documentElement.lang = next;
    doc.title = t('app.title');
  }
}

/** The current UI language. */
export function currentLang(): Lang {
  return lang;
}

/**
 * The string for `key` in `language`, with `{placeholders}` filled (numbers formatted for it). Pure:
 * the server's own pages (launch errors, sign-in) use it with the language of each request.
 */
export function translate(language: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return TABLES[language][key].replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = vars[k];
    if (v === undefined) return m;
    return typeof v === 'number' ? new Intl.NumberFormat(language).format(v) : v;
  });
}

/** The string for `key` in the current language, with `{placeholders}` filled. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return translate(lang, key, vars);
}

/** A counted string: `base.one` or `base.other` by the language's plural rules, with `{count}` filled. */
export function tn(base: string, count: number, vars: Record<string, string | number> = {}): string {
  const form = new Intl.PluralRules(lang).select(count) === 'one' ? 'one' : 'other';
  return t(`${base}.${form}` as MessageKey, { ...vars, count });
}

/** A number in the UI language (1,234 / 1.234). */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(lang).format(n);
}

/** A date as "12 Sep 2026" / "12 sept 2026" in the UI language. */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));
}

/** A moment as date and time in the UI language ("12 Sep 2026, 10:00" / "12 sept 2026, 10:00"). */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** How long ago (or ahead) a moment is, in the UI language: "3 days ago" / "hace 3 días", "yesterday" / "ayer". */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 365 * 86400],
    ['month', 30 * 86400],
    ['week', 7 * 86400],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  return rtf.format(0, 'minute');
}

/** True when `key` is in the string tables (for ids that may or may not have a string, like a district's own rule). */
export function hasMessage(key: string): key is MessageKey {
  return key in en;
}

/** Every key with its string in each language, for the completeness test. */
export const TABLES_FOR_TEST = TABLES;
