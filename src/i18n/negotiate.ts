import { match } from '@formatjs/intl-localematcher';
import Negotiator from 'negotiator';
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from './locales';

/** Caps the work on a hostile header: a browser sends a handful of languages. */
const MAX_HEADER_CHARS = 1000;
const MAX_LANGUAGES = 20;

function validTags(tags: string[]): string[] {
  return tags.filter((tag) => {
    try {
      return tag !== '*' && Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  });
}

/** The best of our languages for an `Accept-Language` header (by its q-values), else English. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const header = acceptLanguage.slice(0, MAX_HEADER_CHARS);
  const requested = validTags(new Negotiator({ headers: { 'accept-language': header } }).languages().slice(0, MAX_LANGUAGES));
  if (requested.length === 0) return DEFAULT_LOCALE;
  const best = match(requested, [...LOCALES], DEFAULT_LOCALE, { algorithm: 'best fit' });
  return isLocale(best) ? best : DEFAULT_LOCALE;
}

/** The language of one request: the profile's choice, else the browser's, else English. */
export function requestLocale(user: { locale?: string | null } | undefined, headers: Headers): Locale {
  if (user && isLocale(user.locale)) return user.locale;
  return negotiateLocale(headers.get('accept-language'));
}
