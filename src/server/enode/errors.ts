import { AppError, translatedError, type ErrorKey } from '@/server/http/errors';

/**
 * An Enode call that failed. `upstreamStatus` is Enode's status (0: no answer),
 * so callers can tell "Enode is down" (fallback to cached data) from "Enode
 * said no" (pass its reason on).
 */
export class EnodeError extends AppError {
  constructor(
    readonly upstreamStatus: number,
    status: number,
    code: string,
    detail: string,
  ) {
    super(status, code, detail);
    this.name = 'EnodeError';
  }

  get unavailable(): boolean {
    return this.upstreamStatus === 0 || this.upstreamStatus === 429 || this.upstreamStatus >= 500;
  }
}

/** An EnodeError whose detail is a catalogue message, answered in the caller's language. */
export function translatedEnodeError(upstreamStatus: number, status: number, code: string, key: ErrorKey, params?: Record<string, string | number>) {
  const { detail, translatable } = translatedError(status, code, key, params);
  return Object.assign(new EnodeError(upstreamStatus, status, code, detail), { translatable });
}

export function enodeFailure(upstreamStatus: number, enodeDetail: string | undefined): EnodeError {
  if (upstreamStatus === 422 || upstreamStatus === 400) {
    // Enode's reason helps here (e.g. smart charging controls the car); it is Enode's English.
    if (enodeDetail) return new EnodeError(upstreamStatus, 422, 'enode_rejected', enodeDetail);
    return translatedEnodeError(upstreamStatus, 422, 'enode_rejected', 'errors.enode.rejected');
  }
  if (upstreamStatus === 404) return translatedEnodeError(404, 404, 'not_found', 'errors.enode.notFound');
  if (upstreamStatus === 0 || upstreamStatus === 429 || upstreamStatus >= 500) {
    return translatedEnodeError(upstreamStatus, 502, 'enode_unavailable', 'errors.enode.unavailable');
  }
  return translatedEnodeError(upstreamStatus, 502, 'enode_error', 'errors.enode.answered', { status: String(upstreamStatus) });
}

export const enodeNotConfigured = () =>
  translatedError(503, 'enode_not_configured', 'errors.enode.notConfigured');
