/** Vehicles for tests, seeded the way production gets them: Enode's signed webhooks, through the simulator. */
import { randomBytes } from 'node:crypto';
import type { EnodeSimulator } from '../fakes/enode/simulator';
import { startServer, type StartOptions, type TestServer } from './server';

export type SimVehicle = ReturnType<EnodeSimulator['linkVehicle']>;

export const vehicleEvent = (event: string, userId: string, vehicle: unknown) => ({
  event,
  createdAt: new Date().toISOString(),
  version: '2024-10-01',
  user: { id: userId },
  vehicle,
});

/** A server pointed at the simulator; a new installation (no `dataFrom`) waits until it has subscribed to webhooks. */
export async function startServerWithEnode(
  sim: EnodeSimulator,
  options: StartOptions & { webhookSecret?: string } = {},
): Promise<TestServer & { webhookSecret: string }> {
  const webhookSecret = options.webhookSecret ?? randomBytes(24).toString('hex');
  const server = await startServer({ ...options, env: { ...sim.env(webhookSecret), ...options.env } });
  if (!options.dataFrom) await server.waitForLog((entry) => entry.msg === 'Enode webhook subscription created', 15_000);
  return Object.assign(server, { webhookSecret });
}

/** Links a simulated car for `userId` at Enode and lets Enode announce it by webhook. */
export async function seedVehicle(sim: EnodeSimulator, userId: string, vendor: Parameters<EnodeSimulator['linkVehicle']>[1] = 'TESLA') {
  const vehicle = sim.linkVehicle(userId, vendor);
  await sim.deliver([vehicleEvent('user:vehicle:discovered', userId, vehicle)]);
  return vehicle;
}

/** Enode reports fresher data for a vehicle by webhook: `chargeState` changes, seen `secondsLater` from now. */
export async function updateVehicle(
  sim: EnodeSimulator,
  userId: string,
  vehicle: SimVehicle,
  changes: number | Record<string, unknown>,
  secondsLater = 1,
) {
  const chargeState = typeof changes === 'number' ? { batteryLevel: changes } : changes;
  const fresher = {
    ...vehicle,
    lastSeen: new Date(Date.now() + secondsLater * 1000).toISOString(),
    chargeState: { ...(vehicle.chargeState as object), ...chargeState },
  };
  await sim.deliver([vehicleEvent('user:vehicle:updated', userId, fresher)]);
  return fresher;
}
