'use client';

import * as React from 'react';

const UTC = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const LOCAL = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const noopSubscribe = () => () => {};

/**
 * A point in time. The server does not know the reader's time zone, so the
 * server HTML shows UTC and the browser switches to local time once hydrated.
 */
function DateTime({ value }: { value: string }) {
  const inBrowser = React.useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  const date = new Date(value);
  return (
    <time dateTime={value} title={date.toISOString()}>
      {inBrowser ? LOCAL.format(date) : `${UTC.format(date)} UTC`}
    </time>
  );
}

export { DateTime };
