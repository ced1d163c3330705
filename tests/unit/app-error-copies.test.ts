/**
 * server.ts and Next's bundles each load their own copy of a module. An
 * AppError made by one copy (the cluster bus answers a remote request in the
 * copy that listens) must still be an AppError to the other's route wrapper:
 * a remote "charge point not connected" was answered as a 500.
 */
import { describe, expect, it, vi } from 'vitest';

describe('an AppError from another copy of the module', () => {
  it('is an AppError to this copy, and the route wrapper answers its status, not 500', async () => {
    const here = await import('@/server/http/errors');
    const route = await import('@/server/http/route');
    vi.resetModules();
    const other = await import('@/server/http/errors');
    expect(other.AppError).not.toBe(here.AppError);

    const remote = new other.AppError(409, 'charge_point_offline', 'The charge point is not connected');
    expect(remote instanceof here.AppError).toBe(true);
    expect(new Error('plain') instanceof here.AppError).toBe(false);
    expect((null as unknown) instanceof here.AppError).toBe(false);

    const response = route.toErrorResponse(remote);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'charge_point_offline' });
  });

  it('keeps the plain check for a subclass: an AppError is no EnodeError', async () => {
    const { AppError } = await import('@/server/http/errors');
    const { EnodeError } = await import('@/server/enode/errors');
    expect(new AppError(502, 'x', 'y') instanceof EnodeError).toBe(false);
    const enode = new EnodeError(503, 502, 'enode_unavailable', 'down');
    expect(enode instanceof EnodeError).toBe(true);
    expect(enode instanceof AppError).toBe(true);
  });
});
