import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import { answerStatus, firmwareConfirmation, remoteCommands, type ChargePointState, type CommandWords, type RemoteCommand } from '@/components/charge-points/command-rules';
import { CATALOGUES } from '@/i18n/messages';
import type { Locale } from '@/i18n/locales';

/** The page's words: the real catalogue, as `useTranslations('commands')` gives them. */
const words = (locale: Locale) => createTranslator({ locale, messages: CATALOGUES[locale], namespace: 'commands' }) as unknown as CommandWords;
const english = words('en');

const idle: ChargePointState = {
  connected: true,
  protocol: 'ocpp1.6',
  status: 'Available',
  connectors: [{ evse_id: 1, connector_id: 1, status: 'Available' }],
  sessions: [],
};
const charging: ChargePointState = {
  ...idle,
  connectors: [{ evse_id: 1, connector_id: 1, status: 'Charging' }],
  sessions: [{ evse_id: 1, connector_id: 1, transaction_id: '42', energy_wh: 7200 }],
};

const byLabel = (state: ChargePointState) => {
  const { everyday, disruptive } = remoteCommands(state, english);
  return Object.fromEntries([...everyday, ...disruptive].map((c) => [c.label, c])) as Record<string, RemoteCommand>;
};
const reasons = (state: ChargePointState) => Object.fromEntries(Object.entries(byLabel(state)).map(([label, c]) => [label, c.disabledReason]));

describe('remote commands on the charge point page', () => {
  it('groups the disruptive commands apart, each with a confirmation, and the everyday ones without', () => {
    const { everyday, disruptive } = remoteCommands(idle, english);
    expect(everyday.map((c) => c.label)).toEqual(['Start session', 'Make available', 'Composite schedule']);
    expect(disruptive.map((c) => c.label)).toEqual(['Stop session', 'Reset', 'Unlock connector', 'Make unavailable']);
    expect(everyday.every((c) => c.confirm === undefined)).toBe(true);
    expect(remoteCommands(charging, english).disruptive.every((c) => c.confirm !== undefined)).toBe(true);
  });

  it('while a session runs: no Start, but Stop, and the confirmations say what happens to the session', () => {
    const commands = byLabel(charging);
    expect(reasons(charging)).toMatchObject({
      'Start session': 'A session is already running on connector 1',
      'Stop session': null,
      Reset: null,
      'Unlock connector': null,
      'Make unavailable': null,
    });
    expect(commands['Stop session'].payload).toEqual({ transactionId: 42 });
    expect(commands.Reset.confirm!.description).toBe('The charge point restarts. Resetting ends the running session on connector 1 (7.20 kWh so far).');
    expect(commands['Unlock connector'].confirm!.description).toContain('Unlocking ends the running session on connector 1 (7.20 kWh so far)');
    expect(commands['Make unavailable'].confirm!.description).toContain('The running session on connector 1 (7.20 kWh so far) continues');
  });

  it('without a session: Start, no Stop; nothing plugged in, no Unlock', () => {
    expect(reasons(idle)).toMatchObject({
      'Start session': null,
      'Stop session': 'No session is running on connector 1',
      'Unlock connector': 'Nothing is plugged into connector 1',
      'Make available': 'The charge point is already available',
      'Make unavailable': null,
    });
    expect(byLabel(idle).Reset.confirm!.description).toBe('The charge point restarts. No session is running.');
  });

  it('no Start on a faulted or unavailable connector', () => {
    expect(reasons({ ...idle, connectors: [{ evse_id: 1, connector_id: 1, status: 'Faulted' }] })['Start session']).toBe('Connector 1 is faulted');
    const unavailable = reasons({ ...idle, status: 'Unavailable', connectors: [{ evse_id: 1, connector_id: 1, status: 'Unavailable' }] });
    expect(unavailable).toMatchObject({
      'Start session': 'Connector 1 is unavailable; make it available first',
      'Make available': null,
      'Make unavailable': 'The charge point is already unavailable',
    });
  });

  it('offline: every command says the charge point is offline', () => {
    expect(Object.values(reasons({ ...charging, connected: false }))).toEqual(Array(7).fill('The charge point is offline'));
  });

  it('2.0.1: Reset waits for the session, Unlock only after it; the commands act on the EVSE that charges', () => {
    const state: ChargePointState = {
      ...charging,
      protocol: 'ocpp2.0.1',
      connectors: [
        { evse_id: 1, connector_id: 1, status: 'Available' },
        { evse_id: 2, connector_id: 1, status: 'Occupied' },
      ],
      sessions: [{ evse_id: 2, connector_id: 1, transaction_id: 'abc', energy_wh: null }],
    };
    const commands = byLabel(state);
    expect(commands.Reset.confirm!.description).toBe('The charge point restarts once it is idle: it waits for the running session on connector 2 to end.');
    expect(commands['Unlock connector'].disabledReason).toBe('A session is running on connector 2; stop it first');
    expect(commands['Stop session'].payload).toEqual({ transactionId: 'abc' });
    expect(commands['Start session']).toMatchObject({ payload: { evseId: 2 }, disabledReason: 'A session is already running on connector 2' });
  });

  it('names every running session in a reset and a firmware update', () => {
    const two = { ...charging, sessions: [...charging.sessions, { evse_id: 2, connector_id: 2, transaction_id: '43', energy_wh: 1500 }] };
    expect(byLabel(two).Reset.confirm!.description).toBe(
      'The charge point restarts. Resetting ends the running sessions on connector 1 (7.20 kWh so far) and connector 2 (1.50 kWh so far).',
    );
    expect(firmwareConfirmation(english, 'https://example.com/fw.bin', charging.sessions).description).toContain(
      'The restart ends the running session on connector 1 (7.20 kWh so far)',
    );
  });

  it('says it all in the reader\'s language, with its decimal comma and the charge point\'s answer', () => {
    const swedish = remoteCommands(charging, words('sv'));
    expect(swedish.everyday[0]).toMatchObject({ id: 'start', label: 'Starta laddning', disabledReason: 'En laddning pågår redan på uttag 1' });
    expect(swedish.disruptive[1].confirm!.description).toBe('Laddboxen startar om. Omstarten avslutar den pågående laddningen på uttag 1 (7,20 kWh hittills).');
    const german = remoteCommands({ ...charging, connected: false }, words('de'));
    expect(german.disruptive.map((c) => c.disabledReason)).toEqual(Array(4).fill('Die Ladestation ist offline'));
    expect(answerStatus(words('de'), 'Accepted')).toBe('Angenommen');
    expect(answerStatus(words('de'), 'SomethingNew')).toBe('SomethingNew');
  });
});
