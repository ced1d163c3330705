'use client';

import * as React from 'react';
import { useFormatter, useTranslations } from 'next-intl';

const noopSubscribe = () => () => {};

/**
 * A point in time in the reader's language. The server does not know the
 * reader's time zone, so the server HTML shows UTC and the browser switches to
 * its own zone once hydrated. `seconds` where they matter (a message log).
 */
function DateTime({ value, seconds = false }: { value: string; seconds?: boolean }) {
  const format = useFormatter();
  const t = useTranslations('common');
  const inBrowser = React.useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  const date = new Date(value);
  const options = { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' } as const;
  return (
    <time dateTime={value} title={date.toISOString()}>
      {inBrowser
        ? format.dateTime(date, { ...options, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone })
        : t('utc', { time: format.dateTime(date, { ...options, timeZone: 'UTC' }) })}
    </time>
  );
}

export { DateTime };
