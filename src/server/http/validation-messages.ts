import { z } from 'zod';
import { serverTranslator } from '@/i18n/messages';

/**
 * Validation messages in plain words for every schema, so people never read
 * the validator's own wording ("Too small: expected string to have >=1
 * characters"). A message given on a schema still wins over these. The words
 * are the catalogue's `validation.*` (messages/<locale>.json): English here,
 * the request's language when the route wrapper answers (localizedFieldErrors).
 */

/** A translator over the whole catalogue, untyped: the keys below are built from the issue. */
export type Say = (key: string, params?: Record<string, string | number>) => string;

const sayIn = (locale: string): Say => serverTranslator(locale) as unknown as Say;
const english = sayIn('en');

const TYPE_KEYS: Record<string, string> = {
  string: 'string',
  number: 'number',
  int: 'int',
  bigint: 'int',
  boolean: 'boolean',
  array: 'array',
  object: 'object',
  date: 'date',
};

const FORMAT_KEYS: Record<string, string> = {
  email: 'email',
  url: 'url',
  uuid: 'id',
  guid: 'id',
  datetime: 'datetime',
  date: 'date',
  time: 'time',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  cidrv4: 'cidrv4',
  cidrv6: 'cidrv6',
};

const quoted = (value: unknown) => (typeof value === 'string' ? `"${value}"` : String(value));

function lengthUnit(origin: string): 'character' | 'item' | undefined {
  if (origin === 'string') return 'character';
  if (origin === 'array' || origin === 'set') return 'item';
  return undefined;
}

/** A count as digits (no grouping, as scripts read it) and as the number plural rules need. */
const counted = (count: number | bigint, unit: string) => ({ count: String(count), n: Number(count), unit });

function tooSmall(issue: { origin: string; minimum: number | bigint; inclusive?: boolean; exact?: boolean }, say: Say): string {
  const unit = lengthUnit(issue.origin);
  if (unit) {
    if (issue.exact) return say('validation.exactly', counted(issue.minimum, unit));
    if (issue.origin === 'string' && Number(issue.minimum) === 1) return say('validation.atLeastOneChar');
    return say('validation.atLeast', counted(issue.minimum, unit));
  }
  if (issue.origin === 'date') return say('validation.onOrAfter', { date: new Date(Number(issue.minimum)).toISOString() });
  const value = String(issue.minimum);
  return issue.inclusive === false ? say('validation.moreThan', { value }) : say('validation.atLeastValue', { value });
}

function tooBig(issue: { origin: string; maximum: number | bigint; inclusive?: boolean; exact?: boolean }, say: Say): string {
  const unit = lengthUnit(issue.origin);
  if (unit) return say(issue.exact ? 'validation.exactly' : 'validation.atMostLength', counted(issue.maximum, unit));
  if (issue.origin === 'date') return say('validation.onOrBefore', { date: new Date(Number(issue.maximum)).toISOString() });
  const value = String(issue.maximum);
  return issue.inclusive === false ? say('validation.lessThan', { value }) : say('validation.atMostValue', { value });
}

function invalidFormat(issue: { format: string; prefix?: string; suffix?: string; includes?: string }, say: Say): string {
  if (issue.format === 'starts_with') return say('validation.format.startsWith', { prefix: String(issue.prefix) });
  if (issue.format === 'ends_with') return say('validation.format.endsWith', { suffix: String(issue.suffix) });
  if (issue.format === 'includes') return say('validation.format.includes', { includes: String(issue.includes) });
  return say(`validation.format.${FORMAT_KEYS[issue.format] ?? 'other'}`);
}

/** The message for one zod issue in the language of `say`. */
export function validationMessage(issue: z.core.$ZodRawIssue, say: Say): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return say('validation.required');
      return TYPE_KEYS[issue.expected] ? say(`validation.type.${TYPE_KEYS[issue.expected]}`) : say('validation.invalid');
    case 'too_small':
      return tooSmall(issue, say);
    case 'too_big':
      return tooBig(issue, say);
    case 'invalid_format':
      return invalidFormat(issue as typeof issue & { prefix?: string; suffix?: string; includes?: string }, say);
    case 'not_multiple_of':
      return say('validation.multipleOf', { divisor: String(issue.divisor) });
    case 'unrecognized_keys':
      return say('validation.unknownFields', { n: issue.keys.length, keys: issue.keys.join(', ') });
    case 'invalid_value':
      return issue.values.length === 1
        ? say('validation.mustBe', { value: quoted(issue.values[0]) })
        : say('validation.oneOf', { values: issue.values.map(quoted).join(', ') });
    case 'invalid_key':
      return say('validation.invalidKey');
    case 'invalid_element':
      return say('validation.invalidElement');
    default:
      return say('validation.invalid');
  }
}

/** The English message, as the zod error map gives it to every schema. */
export function plainValidationMessage(issue: z.core.$ZodRawIssue): string {
  return validationMessage(issue, english);
}

/**
 * The message of a finished issue in `locale`: ours are worded again in that
 * language; a message the schema gave itself (not ours) stays as written.
 */
export function localizedIssueMessage(issue: z.core.$ZodIssue, locale: string): string {
  if (locale === 'en') return issue.message;
  const raw = issue as unknown as z.core.$ZodRawIssue;
  if (plainValidationMessage(raw) !== issue.message) return issue.message;
  return validationMessage(raw, sayIn(locale));
}

/**
 * Installs the messages in this copy of zod. Idempotent; called where errors
 * are shaped (errors.ts), which every copy of the server code (the Next.js
 * bundle and the custom server's) loads before it parses anything.
 */
export function installPlainValidationMessages(): void {
  z.config({ customError: (issue) => plainValidationMessage(issue) });
}
