/**
 * An OCPP 2.0.1 charging station driving one transaction through the OCA
 * reusable states (Part 6: Authorized, EVConnectedPreSession,
 * EnergyTransferStarted, ...), over a real ocpp-rpc client. It keeps every
 * TransactionEvent it sent with the CSMS's answer, so a test can replay them.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, type Account } from './api';
import { bootedCharger, chargePointTransactions, registerChargePoint, type RegisteredChargePoint } from './ocpp';
import type { TestServer } from './server';

export type Answer = Record<string, unknown>;
export type MeterValue = { timestamp: string; sampledValue: Record<string, unknown>[] };

export const ENERGY = 'Energy.Active.Import.Register';

/** One energy register reading in Wh. */
export const energy = (wh: number, timestamp: string, context: string, extra: Record<string, unknown> = {}): MeterValue => ({
  timestamp,
  sampledValue: [{ value: wh, context, measurand: ENERGY, unitOfMeasure: { unit: 'Wh' }, ...extra }],
});

export interface EventOptions {
  eventType?: 'Started' | 'Updated' | 'Ended';
  chargingState?: 'Charging' | 'EVConnected' | 'SuspendedEV' | 'SuspendedEVSE' | 'Idle';
  stoppedReason?: string;
  idToken?: { idToken: string; type: string };
  /** Name the EVSE (left out until the station knows it, e.g. authorized before plug-in). */
  evse?: boolean;
  /** An energy register reading, its context taken from the event type. */
  wh?: number;
  meterValue?: MeterValue[];
  offline?: boolean;
  /** Another seqNo than the next one (a queued message sent out of order). */
  seqNo?: number;
  timestamp?: string;
  extra?: Record<string, unknown>;
}

const CONTEXT = { Started: 'Transaction.Begin', Updated: 'Sample.Periodic', Ended: 'Transaction.End' } as const;

export class Station201 {
  private seq = 0;
  private started = false;
  private at: number;
  readonly events: { payload: Answer; answer: Answer }[] = [];

  constructor(
    public client: RPCClient,
    readonly transactionId: string,
    start: string,
    readonly evse = { id: 1, connectorId: 1 },
  ) {
    this.at = Date.parse(start);
  }

  /** The clock moves five minutes between events unless told otherwise. */
  tick(minutes = 5): string {
    this.at += minutes * 60_000;
    return new Date(this.at).toISOString();
  }

  /** Sets `count` seqNos aside for messages the station sends later (out of order); returns the first. */
  reserveSeqNos(count: number): number {
    const first = this.seq;
    this.seq += count;
    return first;
  }

  async event(triggerReason: string, o: EventOptions = {}): Promise<Answer> {
    const eventType = o.eventType ?? (this.started ? 'Updated' : 'Started');
    this.started = true;
    const timestamp = o.timestamp ?? this.tick();
    const meterValue = o.meterValue ?? (o.wh === undefined ? undefined : [energy(o.wh, timestamp, CONTEXT[eventType])]);
    const payload: Answer = {
      eventType,
      timestamp,
      triggerReason,
      seqNo: o.seqNo ?? this.seq++,
      transactionInfo: {
        transactionId: this.transactionId,
        ...(o.chargingState && { chargingState: o.chargingState }),
        ...(o.stoppedReason && { stoppedReason: o.stoppedReason }),
      },
      ...(o.offline && { offline: true }),
      ...(o.idToken && { idToken: o.idToken }),
      ...(o.evse && { evse: this.evse }),
      ...(meterValue && { meterValue }),
      ...o.extra,
    };
    const answer = (await this.client.call('TransactionEvent', payload)) as Answer;
    this.events.push({ payload, answer });
    return answer;
  }

  authorize(idToken: { idToken: string; type: string }): Promise<Answer> {
    return this.client.call('Authorize', { idToken }) as Promise<Answer>;
  }

  /** A connector status change as the OCTT reports it: StatusNotification and the AvailabilityState NotifyEvent. */
  async connector(connectorStatus: 'Available' | 'Occupied'): Promise<Answer[]> {
    const timestamp = new Date(this.at).toISOString();
    const { id, connectorId } = this.evse;
    return [
      (await this.client.call('StatusNotification', { timestamp, connectorStatus, evseId: id, connectorId })) as Answer,
      (await this.client.call('NotifyEvent', {
        generatedAt: timestamp,
        seqNo: 0,
        eventData: [
          {
            eventId: 1,
            timestamp,
            trigger: 'Delta',
            actualValue: connectorStatus,
            eventNotificationType: 'HardWiredNotification',
            component: { name: 'Connector', evse: { id, connectorId } },
            variable: { name: 'AvailabilityState' },
          },
        ],
      })) as Answer,
    ];
  }

  // The OCA reusable states, as the OCTT plays them towards a CSMS.

  /** Authorize, then a Started (or Updated) event with triggerReason Authorized. */
  async authorized(idToken: { idToken: string; type: string }, o: EventOptions = {}): Promise<{ authorize: Answer; event: Answer }> {
    const authorize = await this.authorize(idToken);
    return { authorize, event: await this.event('Authorized', { idToken, ...o }) };
  }

  /** The cable is plugged in: connector Occupied, then CablePluggedIn with chargingState EVConnected. */
  async evConnectedPreSession(o: EventOptions = {}): Promise<Answer> {
    await this.connector('Occupied');
    return this.event('CablePluggedIn', { chargingState: 'EVConnected', evse: true, ...o });
  }

  /** Energy flows: ChargingStateChanged to Charging. */
  energyTransferStarted(o: EventOptions = {}): Promise<Answer> {
    return this.event('ChargingStateChanged', { chargingState: 'Charging', evse: true, ...o });
  }

  /** The EV stops drawing energy: ChargingStateChanged to SuspendedEV. */
  energyTransferSuspended(o: EventOptions = {}): Promise<Answer> {
    return this.event('ChargingStateChanged', { chargingState: 'SuspendedEV', ...o });
  }

  /** The driver presents the token again: StopAuthorized, the EV still plugged in. */
  async stopAuthorized(idToken: { idToken: string; type: string }, o: EventOptions = {}): Promise<Answer> {
    await this.authorize(idToken);
    return this.event('StopAuthorized', { idToken, chargingState: 'EVConnected', ...o });
  }

  /** The cable is unplugged: connector Available, then EVCommunicationLost with chargingState Idle. */
  async evDisconnected(o: EventOptions = {}): Promise<Answer> {
    const answer = await this.event('EVCommunicationLost', { chargingState: 'Idle', ...o });
    await this.connector('Available');
    return answer;
  }

  /** Every TransactionEvent again, as a station's offline queue retransmits them. */
  async replay(): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (const { payload } of this.events) answers.push((await this.client.call('TransactionEvent', payload)) as Answer);
    return answers;
  }
}

const hex = () => randomBytes(4).toString('hex');

/** Registers and boots a 2.0.1 charge point of `owner`, with a station for one transaction starting at `start`. */
export async function bootStation201(server: TestServer, owner: Account, label: string, start: string): Promise<{ cp: RegisteredChargePoint; s: Station201 }> {
  const cp = await registerChargePoint(server, owner.cookie, `${label}-${hex()}`);
  const client = await bootedCharger(server, cp, 'ocpp2.0.1');
  return { cp, s: new Station201(client, `${label}-${hex()}`, start) };
}

/** The one stored transaction of the charge point, with its meter values. */
export async function storedTransaction201(server: TestServer, owner: Account, cp: RegisteredChargePoint) {
  const list = await chargePointTransactions(server, owner.cookie, cp.id);
  expect(list).toHaveLength(1);
  const response = await api(server, `/api/charge-points/${cp.id}/transactions/${list[0].id}`, { cookie: owner.cookie });
  expect(response.status).toBe(200);
  return response.body;
}
