import { AppError } from '@/server/http/errors';

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

export function enodeFailure(upstreamStatus: number, enodeDetail: string | undefined): EnodeError {
  if (upstreamStatus === 422 || upstreamStatus === 400) {
    // Enode's reason helps here (e.g. smart charging controls the car).
    return new EnodeError(upstreamStatus, 422, 'enode_rejected', enodeDetail ?? 'Enode rejected the request');
  }
  if (upstreamStatus === 404) return new EnodeError(404, 404, 'not_found', 'Not found at Enode');
  if (upstreamStatus === 0 || upstreamStatus === 429 || upstreamStatus >= 500) {
    return new EnodeError(upstreamStatus, 502, 'enode_unavailable', 'Enode is not reachable right now; try again later');
  }
  return new EnodeError(upstreamStatus, 502, 'enode_error', `Enode answered ${upstreamStatus}`);
}

export const enodeNotConfigured = () =>
  new AppError(503, 'enode_not_configured', 'Vehicles are not available: Enode is not configured on this server');
