import { z } from 'zod';
import { installPlainValidationMessages } from './validation-messages';

// Here because every copy of the server code loads this module before it validates anything.
installPlainValidationMessages();

export interface FieldError {
  path: string;
  message: string;
}

/** The one error type the API maps to `{"detail", "code"}` responses. */
export class AppError extends Error {
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

export const unauthorized = (detail = 'Not authenticated') => new AppError(401, 'unauthorized', detail);
export const invalidApiKey = () => new AppError(401, 'invalid_api_key', 'Invalid API key');
export const forbidden = (detail = 'You are not allowed to do this', code = 'forbidden') =>
  new AppError(403, code, detail);
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (detail: string, code = 'conflict', errors?: FieldError[]) =>
  new AppError(409, code, detail, errors ? { errors } : {});
export const badRequest = (detail: string, code = 'bad_request') => new AppError(400, code, detail);
// The rest of the body is never read, so this connection cannot carry another request: the client must not reuse it.
export const payloadTooLarge = (maxBytes: number) =>
  new AppError(413, 'payload_too_large', `Request body is larger than ${maxBytes} bytes`, {}, { connection: 'close' });

export function validationError(error: z.ZodError, where: 'body' | 'query' | 'path'): AppError {
  const errors: FieldError[] = error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = errors[0];
  return new AppError(422, 'validation_failed', `Invalid request: ${first.path}: ${first.message}`, { errors });
}

export function errorBody(error: AppError) {
  return { detail: error.detail, code: error.code, ...error.extra };
}
