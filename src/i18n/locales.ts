/**
 * The languages of the UI, e-mails and API errors (those of the Home
 * Assistant integration). Safe to import anywhere: browser, pages, server.
 */
export const LOCALES = ['en', 'sv', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language in its own words, for the language switch. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', sv: 'Svenska', de: 'Deutsch' };

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/**
 * What a missing message shows instead of its text: visible on the page (the
 * browser tests look for the marker), never an empty string.
 */
export const missingMessage = (namespace: string | undefined, key: string) => `⟦${namespace ? `${namespace}.` : ''}${key}⟧`;
export const MISSING_MARKER = '⟦';
