/**
 * A charge point's call whose handler fails: the charge point gets an
 * InternalError with a reference, the log gets the error with its stack and
 * that reference, and the metrics count it once (not again when ocpp-rpc
 * reports the same error as `callError`).
 */
import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import { RPCGenericError, RPCInternalError } from 'ocpp-rpc/lib/errors.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { guardCall, noteCallError, noteHandledAction } from '@/server/chargers/ocpp/call-guard';
import { getLogger } from '@/server/observability/logger';
import { metrics } from '@/server/observability/metrics';

const client = { identity: 'CP-unit', state: 1 } as unknown as RPCServerClient;
const count = async (action: string, outcome: string) =>
  (await metrics().ocppMessages.get()).values.find((v) => v.labels.action === action && v.labels.outcome === outcome)?.value ?? 0;

afterEach(() => vi.restoreAllMocks());

describe('a failing OCPP handler', () => {
  it('answers InternalError with a reference, logs the stack under that reference and counts one error', async () => {
    noteHandledAction('Heartbeat');
    const logged = vi.spyOn(getLogger(), 'error');
    const before = await count('Heartbeat', 'error');
    let answer: unknown;
    await guardCall(client, 'Heartbeat', {}, async () => {
      throw new TypeError('boom in the handler');
    }).catch((error: unknown) => (answer = error));

    expect(answer).toBeInstanceOf(RPCInternalError);
    const reference = /reference ([\w-]+)/.exec((answer as Error).message)![1];
    expect(logged).toHaveBeenCalledTimes(1);
    const [fields, message] = logged.mock.calls[0] as unknown as [{ err: Error; reference: string; action: string; identity: string }, string];
    expect(message).toBe('OCPP call failed');
    expect(fields).toMatchObject({ reference, action: 'Heartbeat', identity: 'CP-unit' });
    expect(fields.err.stack).toContain('boom in the handler');
    expect(fields.err.stack).toMatch(/ocpp-call-errors\.test\.ts/);

    noteCallError(client, { outbound: false, method: 'Heartbeat', error: answer });
    expect((await count('Heartbeat', 'error')) - before).toBe(1);
  });

  it('counts an error meant for the charge point as rejected, without an error log', async () => {
    noteHandledAction('Authorize');
    const logged = vi.spyOn(getLogger(), 'error');
    const before = await count('Authorize', 'rejected');
    await expect(guardCall(client, 'Authorize', {}, () => Promise.reject(new RPCGenericError('no')))).rejects.toBeInstanceOf(RPCGenericError);
    expect(logged).not.toHaveBeenCalled();
    expect((await count('Authorize', 'rejected')) - before).toBe(1);
  });

  it('counts and logs a call no handler ran, under `other` for an unknown action', async () => {
    const warned = vi.spyOn(getLogger(), 'child');
    const before = await count('other', 'rejected');
    noteCallError(client, { outbound: false, method: 'Evil\u0000Action', error: Object.assign(new Error('not implemented'), { rpcErrorCode: 'NotImplemented' }) });
    noteCallError(client, { outbound: true, method: 'Reset', error: new Error('a command: counted by commands.ts') });
    expect((await count('other', 'rejected')) - before).toBe(1);
    expect(warned).toHaveBeenCalledTimes(1);
  });
});
