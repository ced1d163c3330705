import { headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { currentUser } from '@/app/(app)/signed-in-user';
import { missingMessage } from './locales';
import { messagesFor } from './messages';
import { requestLocale } from './negotiate';

/**
 * next-intl's configuration of one page request. No locale in the URL: the
 * signed-in person's profile language, else the browser's Accept-Language,
 * else English (docs/translations.md).
 */
export default getRequestConfig(async () => {
  const locale = requestLocale(await currentUser(), await headers());
  return {
    locale,
    messages: messagesFor(locale),
    // The server does not know the reader's zone: server HTML shows UTC, the browser its own (DateTime).
    timeZone: 'UTC',
    onError: (error) => {
      if (error.code !== 'MISSING_MESSAGE') console.error(error);
    },
    getMessageFallback: ({ namespace, key }) => missingMessage(namespace, key),
  };
});
