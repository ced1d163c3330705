/**
 * Which remote commands make sense in a charge point's state, and what the
 * disruptive ones do to a running session: pure rules, so the page and its
 * tests share them. The server still refuses a start on a busy connector.
 */

export interface ConnectorState {
  evse_id: number;
  connector_id: number;
  status: string | null;
}
export interface RunningSession {
  evse_id: number;
  connector_id: number;
  /** The OCPP transaction id. */
  transaction_id: string;
  energy_wh: number | null;
}
export interface ChargePointState {
  connected: boolean;
  protocol: string | null;
  /** The charge point's own status (1.6 connector 0), if reported. */
  status: string | null;
  connectors: ConnectorState[];
  /** Open sessions, newest first. */
  sessions: RunningSession[];
}

export interface Confirmation {
  title: string;
  description: string;
  confirmLabel: string;
}
export interface RemoteCommand {
  label: string;
  action: string;
  payload: Record<string, unknown>;
  /** Why the command makes no sense now; null when it may be sent. */
  disabledReason: string | null;
  /** Disruptive commands are confirmed first. */
  confirm?: Confirmation;
}

const OFFLINE = 'The charge point is offline';

const sessionText = (s: RunningSession) =>
  `connector ${s.evse_id}${s.energy_wh === null ? '' : ` (${(s.energy_wh / 1000).toFixed(2)} kWh so far)`}`;

/** "the running session on connector 1 (7.20 kWh so far)", or the plural for several. */
export function runningSessionsText(sessions: RunningSession[]): string {
  if (sessions.length === 1) return `the running session on ${sessionText(sessions[0])}`;
  const parts = sessions.map(sessionText);
  return `the running sessions on ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** The connector the commands act on: the one with the newest session, else the first reported (1 before any is). */
export function targetConnector(state: ChargePointState): { evse_id: number; connector_id: number; status: string | null } {
  const running = state.sessions[0];
  const connector = running
    ? state.connectors.find((c) => c.evse_id === running.evse_id && c.connector_id === running.connector_id)
    : state.connectors[0];
  return connector ?? { evse_id: running?.evse_id ?? 1, connector_id: running?.connector_id ?? 1, status: null };
}

/** The first reason that applies, or null. */
const firstReason = (...reasons: (string | false)[]) => reasons.find((r): r is string => typeof r === 'string') ?? null;

/**
 * The remote commands in two groups: everyday ones (sent at once) and
 * disruptive ones (confirmed, saying what happens to a running session).
 */
export function remoteCommands(state: ChargePointState): { everyday: RemoteCommand[]; disruptive: RemoteCommand[] } {
  const v201 = state.protocol === 'ocpp2.0.1';
  const target = targetConnector(state);
  const name = `connector ${target.evse_id}`;
  const session = state.sessions.find((s) => s.evse_id === target.evse_id);
  const offline = !state.connected && OFFLINE;
  const statuses = [state.status, ...state.connectors.map((c) => c.status)].filter((s) => s !== null);
  const unavailable = statuses.includes('Unavailable');
  const allUnavailable = state.connectors.length > 0 && state.connectors.every((c) => c.status === 'Unavailable');
  const running = state.sessions.length > 0 ? runningSessionsText(state.sessions) : null;

  const start: RemoteCommand = {
    label: 'Start session',
    action: v201 ? 'RequestStartTransaction' : 'RemoteStartTransaction',
    payload: v201 ? { evseId: target.evse_id } : { connectorId: target.evse_id },
    disabledReason: firstReason(
      offline,
      session !== undefined && `A session is already running on ${name}`,
      target.status === 'Faulted' && `Connector ${target.evse_id} is faulted`,
      (target.status === 'Unavailable' || state.status === 'Unavailable') && `Connector ${target.evse_id} is unavailable; make it available first`,
    ),
  };
  const makeAvailable: RemoteCommand = {
    label: 'Make available',
    action: 'ChangeAvailability',
    payload: v201 ? { operationalStatus: 'Operative' } : { connectorId: 0, type: 'Operative' },
    disabledReason: firstReason(offline, statuses.length > 0 && !unavailable && 'The charge point is already available'),
  };
  // What the target may draw over the next 24 h, all charging profiles combined.
  const schedule: RemoteCommand = {
    label: 'Composite schedule',
    action: 'GetCompositeSchedule',
    payload: v201 ? { evseId: target.evse_id, duration: 86_400, chargingRateUnit: 'A' } : { connectorId: target.evse_id, duration: 86_400 },
    disabledReason: firstReason(offline),
  };

  const stop: RemoteCommand = {
    label: 'Stop session',
    action: v201 ? 'RequestStopTransaction' : 'RemoteStopTransaction',
    payload: session ? { transactionId: v201 ? session.transaction_id : Number(session.transaction_id) } : {},
    disabledReason: firstReason(offline, !session && `No session is running on ${name}`),
    confirm: session && {
      title: `Stop the session on ${name}?`,
      description: `The car stops charging and ${runningSessionsText([session])} ends. Charging again needs a new session.`,
      confirmLabel: 'Stop session',
    },
  };
  const reset: RemoteCommand = {
    label: 'Reset',
    action: 'Reset',
    // 1.6 Soft ends sessions gracefully; 2.0.1 OnIdle waits for them to end.
    payload: { type: v201 ? 'OnIdle' : 'Soft' },
    disabledReason: firstReason(offline),
    confirm: {
      title: 'Reset the charge point?',
      description: !running
        ? 'The charge point restarts. No session is running.'
        : v201
          ? `The charge point restarts once it is idle: it waits for ${running} to end.`
          : `The charge point restarts. Resetting ends ${running}.`,
      confirmLabel: 'Reset',
    },
  };
  const unlock: RemoteCommand = {
    label: 'Unlock connector',
    action: 'UnlockConnector',
    payload: v201 ? { evseId: target.evse_id, connectorId: target.connector_id } : { connectorId: target.evse_id },
    disabledReason: firstReason(
      offline,
      target.status === 'Available' && `Nothing is plugged into ${name}`,
      // 2.0.1 refuses to unlock during a session (OngoingAuthorizedTransaction); 1.6 ends the session first.
      v201 && session !== undefined && `A session is running on ${name}; stop it first`,
    ),
    confirm: {
      title: `Unlock ${name}?`,
      description: session
        ? `The cable is released. Unlocking ends ${runningSessionsText([session])}.`
        : 'The cable is released; use this when it is stuck.',
      confirmLabel: 'Unlock',
    },
  };
  const makeUnavailable: RemoteCommand = {
    label: 'Make unavailable',
    action: 'ChangeAvailability',
    payload: v201 ? { operationalStatus: 'Inoperative' } : { connectorId: 0, type: 'Inoperative' },
    disabledReason: firstReason(offline, allUnavailable && 'The charge point is already unavailable'),
    confirm: {
      title: 'Make the charge point unavailable?',
      description: running
        ? `It takes no new sessions until you make it available again. ${capitalize(running)} continues; the charge point becomes unavailable when it ends.`
        : 'It takes no new sessions until you make it available again.',
      confirmLabel: 'Make unavailable',
    },
  };
  return { everyday: [start, makeAvailable, schedule], disruptive: [stop, reset, unlock, makeUnavailable] };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The confirmation for a firmware update: the charge point restarts to install it. */
export function firmwareConfirmation(location: string, sessions: RunningSession[]): Confirmation {
  return {
    title: 'Update the firmware?',
    description:
      `The charge point downloads ${location}, installs it and restarts.` +
      (sessions.length > 0 ? ` The restart ends ${runningSessionsText(sessions)} if it still runs then (most charge points wait for it).` : ' No session is running.'),
    confirmLabel: 'Update firmware',
  };
}
