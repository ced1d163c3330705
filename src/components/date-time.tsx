'use client';

import * as React from 'react';

const UTC = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const LOCAL = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const UTC_SECONDS = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
const LOCAL_SECONDS = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

const noopSubscribe = () => () => {};

/**
 * A point in time. The server does not know the reader's time zone, so the
 * server HTML shows UTC and the browser switches to local time once hydrated.
 * `seconds` where they matter (a message log).
 */
function DateTime({ value, seconds = false }: { value: string; seconds?: boolean }) {
  const inBrowser = React.useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  const date = new Date(value);
  return (
    <time dateTime={value} title={date.toISOString()}>
      {inBrowser ? (seconds ? LOCAL_SECONDS : LOCAL).format(date) : `${(seconds ? UTC_SECONDS : UTC).format(date)} UTC`}
    </time>
  );
}

export { DateTime };
