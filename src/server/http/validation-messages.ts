import { z } from 'zod';

/**
 * Validation messages in plain words for every schema, so people never read
 * the validator's own wording ("Too small: expected string to have >=1
 * characters"). A message given on a schema still wins over these.
 */

const plural = (count: number | bigint, word: string) => `${count} ${word}${count === 1 || count === BigInt(1) ? '' : 's'}`;

const TYPE_WORDS: Record<string, string> = {
  string: 'Must be text',
  number: 'Must be a number',
  int: 'Must be a whole number',
  bigint: 'Must be a whole number',
  boolean: 'Must be true or false',
  array: 'Must be a list',
  object: 'Must be an object',
  date: 'Must be a date',
};

const FORMAT_WORDS: Record<string, string> = {
  email: 'Enter a valid e-mail address',
  url: 'Enter a valid web address, such as https://example.com',
  uuid: 'Must be a valid ID',
  guid: 'Must be a valid ID',
  datetime: 'Enter a date and time, such as 2026-01-31T08:00:00Z',
  date: 'Enter a date, such as 2026-01-31',
  time: 'Enter a time, such as 08:00',
  ipv4: 'Enter a valid IPv4 address',
  ipv6: 'Enter a valid IPv6 address',
  cidrv4: 'Enter a valid IPv4 range, such as 192.168.1.0/24',
  cidrv6: 'Enter a valid IPv6 range',
};

const quoted = (value: unknown) => (typeof value === 'string' ? `"${value}"` : String(value));

function lengthWords(origin: string): string | undefined {
  if (origin === 'string') return 'character';
  if (origin === 'array' || origin === 'set') return 'item';
  return undefined;
}

function tooSmall(issue: { origin: string; minimum: number | bigint; inclusive?: boolean; exact?: boolean }): string {
  const unit = lengthWords(issue.origin);
  if (unit) {
    if (issue.exact) return `Enter exactly ${plural(issue.minimum, unit)}`;
    if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'Enter at least 1 character';
    return `Enter at least ${plural(issue.minimum, unit)}`;
  }
  if (issue.origin === 'date') return `Must be on or after ${new Date(Number(issue.minimum)).toISOString()}`;
  return issue.inclusive === false ? `Must be more than ${issue.minimum}` : `Must be at least ${issue.minimum}`;
}

function tooBig(issue: { origin: string; maximum: number | bigint; inclusive?: boolean; exact?: boolean }): string {
  const unit = lengthWords(issue.origin);
  if (unit) return issue.exact ? `Enter exactly ${plural(issue.maximum, unit)}` : `At most ${plural(issue.maximum, unit)}`;
  if (issue.origin === 'date') return `Must be on or before ${new Date(Number(issue.maximum)).toISOString()}`;
  return issue.inclusive === false ? `Must be less than ${issue.maximum}` : `Must be at most ${issue.maximum}`;
}

function invalidFormat(issue: { format: string; prefix?: string; suffix?: string; includes?: string }): string {
  if (issue.format === 'starts_with') return `Must start with "${issue.prefix}"`;
  if (issue.format === 'ends_with') return `Must end with "${issue.suffix}"`;
  if (issue.format === 'includes') return `Must contain "${issue.includes}"`;
  return FORMAT_WORDS[issue.format] ?? 'Not in the expected format';
}

export function plainValidationMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'This is required';
      return TYPE_WORDS[issue.expected] ?? 'Not a valid value';
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_format':
      return invalidFormat(issue as typeof issue & { prefix?: string; suffix?: string; includes?: string });
    case 'not_multiple_of':
      return `Must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `Unknown ${issue.keys.length === 1 ? 'field' : 'fields'}: ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Must be ${quoted(issue.values[0])}`
        : `Must be one of: ${issue.values.map(quoted).join(', ')}`;
    case 'invalid_key':
      return 'Contains a name that is not allowed';
    case 'invalid_element':
      return 'Contains a value that is not allowed';
    default:
      return 'Not a valid value';
  }
}

/**
 * Installs the messages in this copy of zod. Idempotent; called where errors
 * are shaped (errors.ts), which every copy of the server code (the Next.js
 * bundle and the custom server's) loads before it parses anything.
 */
export function installPlainValidationMessages(): void {
  z.config({ customError: (issue) => plainValidationMessage(issue) });
}
