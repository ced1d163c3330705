/** Calls the app's own JSON API from the browser and turns failures into `{detail, fieldErrors}`. */

export interface ApiError {
  status: number;
  code?: string;
  /** The API's `detail`, shown to the user as is. */
  detail: string;
  /** Field messages from a 422, keyed by body field (`"body.email"` → `"email"`). */
  fieldErrors: Record<string, string>;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What the browser says itself when there is no usable answer. The i18n
 * provider words it in the reader's language (`apiClient.*`) before any call;
 * the English stands for code outside it.
 */
let words = {
  unreachable: 'Could not reach EVConduit. Check your connection and try again.',
  httpError: (status: number) => `The server answered with an error (HTTP ${status}).`,
};
export function setApiClientWords(next: typeof words) {
  words = next;
}

function fieldErrorsOf(payload: unknown): Record<string, string> {
  const errors = (payload as { errors?: unknown })?.errors;
  if (!Array.isArray(errors)) return {};
  const byField: Record<string, string> = {};
  for (const entry of errors as { path?: unknown; message?: unknown }[]) {
    if (typeof entry?.path !== 'string' || typeof entry.message !== 'string') continue;
    const field = entry.path.replace(/^body\./, '');
    byField[field] ??= entry.message;
  }
  return byField;
}

function toApiError(status: number, payload: unknown): ApiError {
  const body = (payload ?? {}) as { detail?: unknown; code?: unknown };
  return {
    status,
    code: typeof body.code === 'string' ? body.code : undefined,
    detail: typeof body.detail === 'string' ? body.detail : words.httpError(status),
    fieldErrors: fieldErrorsOf(payload),
  };
}

export async function callApi<T = unknown>(method: Method, path: string, body?: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, error: { status: 0, detail: words.unreachable, fieldErrors: {} } };
  }
  const payload: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  return response.ok ? { ok: true, data: payload as T } : { ok: false, error: toApiError(response.status, payload) };
}
