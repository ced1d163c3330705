/**
 * A command sent while the charge point's socket is closing (a drain's 1012
 * spread over seconds, a replaced connection): the socket is still in the
 * registry until it has closed, and ocpp-rpc refuses the call. That is the
 * charge point going offline, a 409 a handover waits out, not a 500.
 */
import type { AddressInfo } from 'node:net';
import { RPCClient, RPCServer } from 'ocpp-rpc';
import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendLocalCommand } from '@/server/chargers/ocpp/commands';
import { addConnection, removeConnection } from '@/server/chargers/ocpp/registry';
import { AppError } from '@/server/http/errors';

const IDENTITY = 'CP-closing-unit';

describe('a command on a closing socket', () => {
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true });
  let held: RPCServerClient;
  let station: RPCClient;

  beforeAll(async () => {
    const connected = new Promise<RPCServerClient>((resolve) => server.on('client', resolve));
    const http = await server.listen(0, '127.0.0.1');
    const options = { endpoint: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`, identity: IDENTITY, protocols: ['ocpp1.6'], strictMode: true };
    station = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
    station.handle('GetConfiguration', async () => ({ configurationKey: [] }));
    await station.connect();
    held = await connected;
    addConnection(IDENTITY, held);
  });
  afterAll(async () => {
    removeConnection(IDENTITY, held);
    await station.close({ force: true });
    await server.close({ force: true });
  });

  it('is answered while open, and refused as offline (409) once the socket is closing', async () => {
    await expect(sendLocalCommand(IDENTITY, 'GetConfiguration', {}, 2_000)).resolves.toEqual({ configurationKey: [] });

    void held.close({ code: 1012, reason: 'Service restart' });
    const refused = await sendLocalCommand(IDENTITY, 'GetConfiguration', {}, 2_000).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 409, code: 'charge_point_offline' });
  });
});
