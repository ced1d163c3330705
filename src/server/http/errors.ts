import type { MessageKeys, NestedKeyOf } from 'use-intl';
import { z } from 'zod';
import { serverTranslator, type Messages } from '@/i18n/messages';
import { installPlainValidationMessages, localizedIssueMessage, type Say } from './validation-messages';

// Here because every copy of the server code loads this module before it validates anything.
installPlainValidationMessages();

export interface FieldError {
  path: string;
  message: string;
}

/** A key of the `errors` namespace of messages/en.json (typed, so a missing message fails `tsc`). */
export type ErrorKey = `errors.${MessageKeys<Messages['errors'], NestedKeyOf<Messages['errors']>>}`;
/** What `notFound(thing)` names: `errors.things.*`. */
export type Thing = keyof Messages['errors']['things'];
/** An argument: a value shown as it is, or `{ term }`, a catalogue message of its own (`errors.things.site`) worded first. */
type Params = Record<string, string | number | { term: ErrorKey }>;

/**
 * A `detail` in any language: a catalogue key (`errors.*` in
 * messages/<locale>.json) and its arguments.
 */
export interface Translatable {
  key: ErrorKey;
  params?: Params;
}

const say = (locale: string): Say => serverTranslator(locale) as unknown as Say;

/** The message of `translatable` in `locale`, its terms worded too (never a value the caller sent: that stays as it is). */
function render({ key, params = {} }: Translatable, locale: string): string {
  const t = say(locale);
  const words = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? t(value.term) : value]));
  return t(key, words);
}

/** The one error type the API maps to `{"detail", "code"}` responses. */
/** Marks an AppError of any copy of this module (server.ts and Next's bundles each load their own). */
const APP_ERROR = Symbol.for('evconduit.AppError');

export class AppError extends Error {
  /**
   * `instanceof AppError` holds for an AppError made by the other module copy
   * too (the cluster bus answers a request in the copy that listens, for a
   * caller in the other): else a remote 409 became a 500. Subclasses keep the
   * plain prototype check.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (this !== AppError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && APP_ERROR in value;
  }

  readonly [APP_ERROR] = true;
  /** The detail as a catalogue key, so the route wrapper can answer in the request's language (errorBody). */
  translatable?: Translatable;
  /** A validation error's issues, so their field messages can be worded in the request's language. */
  issues?: z.core.$ZodIssue[];

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

interface ErrorOptions {
  /** More fields of the body (`retry_after_s`), next to `detail` and `code`. */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** The body field the error is about: answered as `errors: [{path, message}]`, the message being the detail. */
  field?: string;
}

/**
 * The one way to make an API error: its status, its `code` (never translated:
 * scripts match on it) and its detail as a catalogue key with ICU arguments.
 * The `detail` is the English message; the route wrapper answers in the
 * caller's language (errorBody).
 */
export function translatedError(status: number, code: string, key: ErrorKey, params?: Params, options: ErrorOptions = {}) {
  const translatable = { key, params };
  const detail = render(translatable, 'en');
  const extra = options.field ? { ...options.extra, errors: [{ path: options.field, message: detail }] } : options.extra;
  const error = new AppError(status, code, detail, extra, options.headers);
  error.translatable = translatable;
  return error;
}

export const unauthorized = (key: ErrorKey = 'errors.unauthorized') => translatedError(401, 'unauthorized', key);
export const invalidApiKey = () => translatedError(401, 'invalid_api_key', 'errors.invalidApiKey');
export const forbidden = (code = 'forbidden', key: ErrorKey = 'errors.forbidden', params?: Params) => translatedError(403, code, key, params);
export const notFound = (thing: Thing = 'resource') => translatedError(404, 'not_found', 'errors.notFound', { what: { term: `errors.things.${thing}` } });
export const conflict = (code: string, key: ErrorKey, params?: Params, options?: ErrorOptions) => translatedError(409, code, key, params, options);
export const badRequest = (code: string, key: ErrorKey, params?: Params, options?: ErrorOptions) => translatedError(400, code, key, params, options);
// The rest of the body is never read, so this connection cannot carry another request: the client must not reuse it.
export const payloadTooLarge = (maxBytes: number) =>
  translatedError(413, 'payload_too_large', 'errors.payloadTooLarge', { max: String(maxBytes) }, { headers: { connection: 'close' } });

export function validationError(error: z.ZodError, where: 'body' | 'query' | 'path'): AppError {
  const errors: FieldError[] = error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = errors[0];
  const appError = new AppError(422, 'validation_failed', `Invalid request: ${first.path}: ${first.message}`, { errors });
  appError.issues = error.issues;
  return appError;
}

/**
 * The error shape in `locale` (default English): a translatable detail and
 * the field messages of a validation error in that language; `code` never
 * changes, so scripts match on it.
 */
export function errorBody(error: AppError, locale = 'en') {
  if (locale === 'en' || (!error.translatable && !error.issues)) return { detail: error.detail, code: error.code, ...error.extra };
  if (error.issues) {
    const errors = (error.extra.errors as FieldError[]).map((field, index) => {
      const issue = error.issues![index];
      return issue ? { ...field, message: localizedIssueMessage(issue, locale) } : field;
    });
    const first = errors[0];
    return { detail: say(locale)('errors.validation', { path: first.path, message: first.message }), code: error.code, ...error.extra, errors };
  }
  const detail = render(error.translatable!, locale);
  // A field error's message is its detail (translatedError's `field`): it is worded the same.
  const fields = error.extra.errors as FieldError[] | undefined;
  const errors = fields?.map((field) => (field.message === error.detail ? { ...field, message: detail } : field));
  return { detail, code: error.code, ...error.extra, ...(errors && { errors }) };
}
