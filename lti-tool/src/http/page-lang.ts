import type { Request } from 'express';
import { LANGS, pickLang, translate, type Lang, type MessageKey } from '../ui/i18n/index.js';

/**
 * The language of a page the tool renders itself (launch errors, sign-in steps, the app shell's
 * `lang`): the launch's locale claim when there is one, else the browser's Accept-Language, else
 * English, as the LMS UI chooses (lti-tool/src/ui/i18n/index.ts).
 */
export function requestLang(req: Pick<Request, 'acceptsLanguages'> | undefined, claimLocale?: string | null): Lang {
  const accepted = req?.acceptsLanguages(...LANGS);
  return pickLang(claimLocale, typeof accepted === 'string' ? [accepted] : []);
}

/** A translator bound to one language, for building a page. */
export function pageText(lang: Lang): (key: MessageKey, vars?: Record<string, string | number>) => string {
  return (key, vars) => translate(lang, key, vars);
}
