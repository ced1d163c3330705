import { createFormatter, createTranslator } from 'use-intl/core';
import de from '../../messages/de.json';
import en from '../../messages/en.json';
import sv from '../../messages/sv.json';
import { DEFAULT_LOCALE, isLocale, missingMessage, type Locale } from './locales';

/** The catalogues, bundled (no file reads at run time): `messages/<locale>.json`. */
export type Messages = typeof en;
export const CATALOGUES: Record<Locale, Messages> = { en, sv, de };

export const messagesFor = (locale: Locale): Messages => CATALOGUES[locale];

/** Namespaces only the server reads (API errors, e-mails, notifications): never sent to the browser. */
const SERVER_ONLY = new Set(['validation', 'errors', 'mail', 'notify', 'serverTexts']);

/** The part of a catalogue client components need; every page carries it. */
export function clientMessages(messages: Messages): Partial<Messages> {
  return Object.fromEntries(Object.entries(messages).filter(([namespace]) => !SERVER_ONLY.has(namespace))) as Partial<Messages>;
}

/**
 * A translator outside React (e-mails, API errors, jobs): `t('key', params)`
 * over the whole catalogue. A missing key shows its marker, never throws.
 * One per language for the process: each keeps the messages it has compiled
 * (a new one per call compiled every message again; a mass outage's alerts
 * spent a third of the sender's time there).
 */
export function serverTranslator(locale: string | null | undefined) {
  const chosen: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  let translator = translators.get(chosen);
  if (!translator) {
    translator = createTranslator({
      locale: chosen,
      messages: CATALOGUES[chosen],
      onError: () => {},
      getMessageFallback: ({ namespace, key }) => missingMessage(namespace, key),
    });
    translators.set(chosen, translator);
  }
  return translator;
}

const translators = new Map<Locale, ReturnType<typeof createTranslator<Messages>>>();

/** Dates, numbers and currencies in a language outside React (e-mails); one per language, like the translators (times in UTC unless a call names a zone). */
export function serverFormatter(locale: string | null | undefined) {
  const chosen: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  let formatter = formatters.get(chosen);
  if (!formatter) {
    formatter = createFormatter({ locale: chosen, timeZone: 'UTC', onError: () => {} });
    formatters.set(chosen, formatter);
  }
  return formatter;
}

const formatters = new Map<Locale, ReturnType<typeof createFormatter>>();
