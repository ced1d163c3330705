'use client';

import { NextIntlClientProvider, useTranslations, type IntlError } from 'next-intl';
import type * as React from 'react';

import { missingMessage, type Locale } from '@/i18n/locales';
import { setApiClientWords } from '@/lib/api-client';
import type { Messages } from '@/i18n/messages';

function onError(error: IntlError) {
  // No time zone in the browser's provider on purpose: dates show in the reader's own zone.
  if (error.code === 'ENVIRONMENT_FALLBACK' || error.code === 'MISSING_MESSAGE') return;
  console.error(error);
}

/**
 * Hands the API client its own failure texts in the reader's language, before
 * any child calls it. Only in the browser: on the server the module is shared
 * by every request (and nothing calls the API from there).
 */
function ApiClientWords() {
  const t = useTranslations('apiClient');
  if (typeof window !== 'undefined') setApiClientWords({ unreachable: t('unreachable'), httpError: (status) => t('httpError', { status }) });
  return null;
}

/** The catalogue for client components, with the same visible marker for a missing key as the server's. */
function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Partial<Messages>; children: React.ReactNode }) {
  return (
    <NextIntlClientProvider
      locale={locale}
      messages={messages}
      onError={onError}
      getMessageFallback={({ namespace, key }) => missingMessage(namespace, key)}
    >
      <ApiClientWords />
      {children}
    </NextIntlClientProvider>
  );
}

export { I18nProvider };
