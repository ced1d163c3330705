import type { useTranslations } from 'next-intl';

/**
 * Which remote commands make sense in a charge point's state, and what the
 * disruptive ones do to a running session: pure rules, so the page and its
 * tests share them, worded by the catalogue's `commands` namespace in the
 * reader's language. The server still refuses a start on a busy connector.
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

/** The catalogue's `commands` messages in the reader's language. */
export type CommandWords = ReturnType<typeof useTranslations<'commands'>>;

export interface Confirmation {
  title: string;
  description: string;
  confirmLabel: string;
}
export interface RemoteCommand {
  /** Stable across languages (React key, tests). */
  id: 'start' | 'makeAvailable' | 'schedule' | 'stop' | 'reset' | 'unlock' | 'makeUnavailable';
  label: string;
  action: string;
  payload: Record<string, unknown>;
  /** Why the command makes no sense now; null when it may be sent. */
  disabledReason: string | null;
  /** Disruptive commands are confirmed first. */
  confirm?: Confirmation;
}

const sessionText = (t: CommandWords, s: RunningSession) =>
  s.energy_wh === null ? t('sessionOn', { connector: s.evse_id }) : t('sessionOnWithEnergy', { connector: s.evse_id, energy: s.energy_wh / 1000 });

/**
 * "the running session on connector 1 (7.20 kWh so far)", or the plural for
 * several; `subject` is the form that starts a sentence ("The running …").
 */
export function runningSessionsText(t: CommandWords, sessions: RunningSession[], form: 'object' | 'subject' = 'object'): string {
  const parts = sessions.map((s) => sessionText(t, s));
  const list = parts.length === 1 ? parts[0] : t('listAnd', { rest: parts.slice(0, -1).join(', '), last: parts.at(-1)! });
  if (form === 'subject') return parts.length === 1 ? t('runningOneSubject', { session: list }) : t('runningManySubject', { sessions: list });
  return parts.length === 1 ? t('runningOne', { session: list }) : t('runningMany', { sessions: list });
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
export function remoteCommands(state: ChargePointState, t: CommandWords): { everyday: RemoteCommand[]; disruptive: RemoteCommand[] } {
  const v201 = state.protocol === 'ocpp2.0.1';
  const target = targetConnector(state);
  const connector = target.evse_id;
  const session = state.sessions.find((s) => s.evse_id === target.evse_id);
  const offline = !state.connected && t('reason.offline');
  const statuses = [state.status, ...state.connectors.map((c) => c.status)].filter((s) => s !== null);
  const unavailable = statuses.includes('Unavailable');
  const allUnavailable = state.connectors.length > 0 && state.connectors.every((c) => c.status === 'Unavailable');
  const count = state.sessions.length;
  const running = count > 0 ? runningSessionsText(t, state.sessions) : null;

  const start: RemoteCommand = {
    id: 'start',
    label: t('label.start'),
    action: v201 ? 'RequestStartTransaction' : 'RemoteStartTransaction',
    payload: v201 ? { evseId: target.evse_id } : { connectorId: target.evse_id },
    disabledReason: firstReason(
      offline,
      session !== undefined && t('reason.alreadyRunning', { connector }),
      target.status === 'Faulted' && t('reason.faulted', { connector }),
      (target.status === 'Unavailable' || state.status === 'Unavailable') && t('reason.unavailable', { connector }),
    ),
  };
  const makeAvailable: RemoteCommand = {
    id: 'makeAvailable',
    label: t('label.makeAvailable'),
    action: 'ChangeAvailability',
    payload: v201 ? { operationalStatus: 'Operative' } : { connectorId: 0, type: 'Operative' },
    disabledReason: firstReason(offline, statuses.length > 0 && !unavailable && t('reason.alreadyAvailable')),
  };
  // What the target may draw over the next 24 h, all charging profiles combined.
  const schedule: RemoteCommand = {
    id: 'schedule',
    label: t('label.schedule'),
    action: 'GetCompositeSchedule',
    payload: v201 ? { evseId: target.evse_id, duration: 86_400, chargingRateUnit: 'A' } : { connectorId: target.evse_id, duration: 86_400 },
    disabledReason: firstReason(offline),
  };

  const stop: RemoteCommand = {
    id: 'stop',
    label: t('label.stop'),
    action: v201 ? 'RequestStopTransaction' : 'RemoteStopTransaction',
    payload: session ? { transactionId: v201 ? session.transaction_id : Number(session.transaction_id) } : {},
    disabledReason: firstReason(offline, !session && t('reason.noSession', { connector })),
    confirm: session && {
      title: t('confirm.stopTitle', { connector }),
      description: t('confirm.stop', { session: runningSessionsText(t, [session]) }),
      confirmLabel: t('label.stop'),
    },
  };
  const reset: RemoteCommand = {
    id: 'reset',
    label: t('label.reset'),
    action: 'Reset',
    // 1.6 Soft ends sessions gracefully; 2.0.1 OnIdle waits for them to end.
    payload: { type: v201 ? 'OnIdle' : 'Soft' },
    disabledReason: firstReason(offline),
    confirm: {
      title: t('confirm.resetTitle'),
      description: !running
        ? t('confirm.resetIdle')
        : v201
          ? t('confirm.resetWaits', { sessions: running, count })
          : t('confirm.resetEnds', { sessions: running }),
      confirmLabel: t('label.reset'),
    },
  };
  const unlock: RemoteCommand = {
    id: 'unlock',
    label: t('label.unlock'),
    action: 'UnlockConnector',
    payload: v201 ? { evseId: target.evse_id, connectorId: target.connector_id } : { connectorId: target.evse_id },
    disabledReason: firstReason(
      offline,
      target.status === 'Available' && t('reason.nothingPlugged', { connector }),
      // 2.0.1 refuses to unlock during a session (OngoingAuthorizedTransaction); 1.6 ends the session first.
      v201 && session !== undefined && t('reason.stopFirst', { connector }),
    ),
    confirm: {
      title: t('confirm.unlockTitle', { connector }),
      description: session ? t('confirm.unlockEnds', { session: runningSessionsText(t, [session]) }) : t('confirm.unlockStuck'),
      confirmLabel: t('label.unlockConfirm'),
    },
  };
  const makeUnavailable: RemoteCommand = {
    id: 'makeUnavailable',
    label: t('label.makeUnavailable'),
    action: 'ChangeAvailability',
    payload: v201 ? { operationalStatus: 'Inoperative' } : { connectorId: 0, type: 'Inoperative' },
    disabledReason: firstReason(offline, allUnavailable && t('reason.alreadyUnavailable')),
    confirm: {
      title: t('confirm.makeUnavailableTitle'),
      description: running
        ? t('confirm.makeUnavailableRunning', { sessions: runningSessionsText(t, state.sessions, 'subject'), count })
        : t('confirm.makeUnavailable'),
      confirmLabel: t('label.makeUnavailable'),
    },
  };
  return { everyday: [start, makeAvailable, schedule], disruptive: [stop, reset, unlock, makeUnavailable] };
}

/** The confirmation for a firmware update: the charge point restarts to install it. */
export function firmwareConfirmation(t: CommandWords, location: string, sessions: RunningSession[]): Confirmation {
  return {
    title: t('confirm.firmwareTitle'),
    description:
      sessions.length > 0
        ? t('confirm.firmwareRunning', { location, sessions: runningSessionsText(t, sessions), count: sessions.length })
        : t('confirm.firmwareIdle', { location }),
    confirmLabel: t('label.updateFirmware'),
  };
}

/**
 * A charge point's answer in the reader's language: the OCPP status when the
 * catalogue knows it ("Accepted" → "Godkänt"), else as the charge point said it.
 */
export function answerStatus(t: CommandWords, status: string): string {
  const key = `status.${status}` as const;
  return /^[A-Za-z]+$/.test(status) && t.has(key as Parameters<CommandWords['has']>[0]) ? t(key as Parameters<CommandWords>[0]) : status;
}
