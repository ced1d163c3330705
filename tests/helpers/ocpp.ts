/** Charge-point drivers for tests: ocpp-rpc's RPCClient and a raw WebSocket for malformed traffic. */
import { expect } from 'vitest';
import WebSocket from 'ws';
import { RPCClient } from 'ocpp-rpc';
import { api } from './api';
import type { TestServer } from './server';

export type OcppProtocol = 'ocpp1.6' | 'ocpp2.0.1';

export interface RegisteredChargePoint {
  id: string;
  identity: string;
  password: string;
  ocpp_url: string;
}

export async function registerChargePoint(server: TestServer, cookie: string, identity: string, name = identity): Promise<RegisteredChargePoint> {
  const response = await api(server, '/api/charge-points', { method: 'POST', cookie, body: { identity, name } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as RegisteredChargePoint;
}

export const basicAuth = (identity: string, password: string) =>
  `Basic ${Buffer.from(`${identity}:${password}`).toString('base64')}`;

export const ocppEndpoint = (server: TestServer) => `${server.url.replace(/^http/, 'ws')}/ocpp`;

/** A real charge-point client with strict validation and no reconnecting. */
export function chargerClient(server: TestServer, identity: string, password: string, protocol: OcppProtocol): RPCClient {
  // ocpp-rpc's typings demand every option; it fills in defaults for the rest.
  const options = { endpoint: ocppEndpoint(server), identity, password, protocols: [protocol], strictMode: true, reconnect: false };
  return new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
}

export const bootPayload: Record<OcppProtocol, Record<string, unknown>> = {
  'ocpp1.6': { chargePointVendor: 'TestVendor', chargePointModel: 'Model-16', chargePointSerialNumber: 'SN-16' },
  'ocpp2.0.1': { reason: 'PowerUp', chargingStation: { vendorName: 'TestVendor', model: 'Model-201', serialNumber: 'SN-201' } },
};

/** The status of a refused WebSocket handshake; fails if the server accepts it. */
export function handshakeStatus(url: string, protocols: string[], headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols, { headers });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      socket.terminate();
      reject(new Error(`The handshake to ${url} (${protocols.join(', ') || 'no subprotocol'}) was accepted`));
    });
    socket.once('error', (error) => reject(error));
  });
}

/** A charge point speaking raw OCPP-J frames, for traffic RPCClient would never send. */
export class RawCharger {
  private readonly frames: unknown[] = [];
  private readonly waiters: ((frame: unknown) => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      let frame: unknown = text;
      try {
        frame = JSON.parse(text);
      } catch {
        // keep the text
      }
      const waiter = this.waiters.shift();
      if (waiter) waiter(frame);
      else this.frames.push(frame);
    });
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async connect(server: TestServer, identity: string, password: string, protocol: OcppProtocol): Promise<RawCharger> {
    const socket = new WebSocket(`${ocppEndpoint(server)}/${encodeURIComponent(identity)}`, [protocol], {
      headers: { authorization: basicAuth(identity, password) },
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new RawCharger(socket);
  }

  send(text: string) {
    this.socket.send(text);
  }

  /** The next frame the server sends. */
  next(timeoutMs = 5000): Promise<unknown> {
    const queued = this.frames.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const waiter = (frame: unknown) => {
        clearTimeout(timer);
        resolve(frame);
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`No frame from the server within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Sends a CALL and returns the server's answer to it (CALLRESULT or CALLERROR). */
  async call(messageId: string, action: string, payload: unknown): Promise<unknown[]> {
    this.send(JSON.stringify([2, messageId, action, payload]));
    for (;;) {
      const frame = await this.next();
      if (Array.isArray(frame) && frame[1] === messageId) return frame;
    }
  }

  close() {
    this.socket.close();
  }
}

/** Connects a charge point and sends its BootNotification; close it with `close({ force: true })`. */
export async function bootedCharger(server: TestServer, cp: RegisteredChargePoint, protocol: OcppProtocol): Promise<RPCClient> {
  const client = chargerClient(server, cp.identity, cp.password, protocol);
  await client.connect();
  const boot = (await client.call('BootNotification', bootPayload[protocol])) as { status: string };
  expect(boot.status).toBe('Accepted');
  return client;
}

/** GET /api/charge-points/{id} as its owner. */
export async function chargePointDetail(server: TestServer, cookie: string, id: string) {
  const response = await api(server, `/api/charge-points/${id}`, { cookie });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** The charge point's transactions, newest first (the API's default page, or `limit`). */
export async function chargePointTransactions(server: TestServer, cookie: string, id: string, limit?: number) {
  const response = await api(server, `/api/charge-points/${id}/transactions${limit ? `?limit=${limit}` : ''}`, { cookie });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.transactions as Record<string, any>[];
}

type Answer = Record<string, unknown>;

/** A booted charge point that records the calls it gets and answers them from a script. */
export class ScriptedCharger {
  readonly received: { action: string; params: Answer }[] = [];
  readonly answers = new Map<string, (params: Answer) => Answer | Promise<Answer>>();

  constructor(readonly client: RPCClient) {}

  static async connect(server: TestServer, cp: RegisteredChargePoint, protocol: OcppProtocol, actions: string[]): Promise<ScriptedCharger> {
    const client = await bootedCharger(server, cp, protocol);
    const charger = new ScriptedCharger(client);
    for (const action of actions) {
      client.handle(action, async ({ params = {} }: { params?: Answer }) => {
        charger.received.push({ action, params });
        const answer = charger.answers.get(action);
        if (!answer) throw new Error(`no scripted answer for ${action}`);
        return answer(params);
      });
    }
    return charger;
  }

  answer(action: string, answer: Answer) {
    this.answers.set(action, () => answer);
  }

  last() {
    return this.received.at(-1);
  }
}
