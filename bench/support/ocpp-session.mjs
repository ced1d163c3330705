// One charging session as the OCPP load bench's charge points send it, shared with the probes that
// measure OCPP beside the other benchmarks' loads (`ocpp-probes.mjs`): StartTransaction (1.6) or a
// Started TransactionEvent (2.0.1), an energy reading per tick, StopTransaction or an Ended event.
// A charge point here is `{ identity, protocol: 'ocpp1.6' | 'ocpp2.0.1' }`; the session keeps its meter
// (`wh`), its session count and every reading it sent (`sent`, "<epoch ms>|<Wh>") on it.

/**
 * One energy reading, remembered per charge point so a lost one can be named.
 * A meter has one reading per instant (the server keeps the first of two with
 * the same time, measurand, phase and location): a reading sent within the
 * same millisecond as the last one is stamped a millisecond later.
 */
function reading(s, wh) {
  const at = Math.max(Date.now(), (s.lastReadingAt ?? 0) + 1);
  s.lastReadingAt = at;
  (s.sent ??= []).push(`${at}|${wh}`);
  return new Date(at).toISOString();
}
const energy16 = (s, wh) => [{ timestamp: reading(s, wh), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }];
const energy201 = (s, wh) => [{ timestamp: reading(s, wh), sampledValue: [{ value: wh, measurand: 'Energy.Active.Import.Register' }] }];

export const bootNotification = (s) =>
  s.protocol === 'ocpp1.6' ? { chargePointVendor: 'Bench', chargePointModel: 'Load' } : { reason: 'PowerUp', chargingStation: { vendorName: 'Bench', model: 'Load' } };

/**
 * Runs one session: `call(action, payload)` sends a message and resolves with
 * its answer (or undefined when it failed), `tick()` waits before each reading;
 * it ends early once `stopping()` says so.
 */
export async function chargingSession(s, { call, tick, ticks, stopping = () => false }) {
  const v16 = s.protocol === 'ocpp1.6';
  s.wh ??= 0;
  s.sessions ??= 0;
  const txId = `${s.identity}-${s.sessions++}`;
  let seqNo = 0;
  let tx16;
  if (v16) tx16 = (await call('StartTransaction', { connectorId: 1, idTag: 'BENCH', meterStart: s.wh, timestamp: new Date().toISOString() }))?.transactionId;
  else await call('TransactionEvent', { eventType: 'Started', timestamp: new Date().toISOString(), triggerReason: 'CablePluggedIn', seqNo: seqNo++, transactionInfo: { transactionId: txId }, evse: { id: 1, connectorId: 1 }, meterValue: energy201(s, s.wh) });
  for (let t = 0; t < ticks && !stopping(); t++) {
    await tick();
    s.wh += 30;
    if (v16) await call('MeterValues', { connectorId: 1, transactionId: tx16, meterValue: energy16(s, s.wh) });
    else await call('TransactionEvent', { eventType: 'Updated', timestamp: new Date().toISOString(), triggerReason: 'MeterValuePeriodic', seqNo: seqNo++, transactionInfo: { transactionId: txId }, meterValue: energy201(s, s.wh) });
  }
  s.wh += 1;
  if (v16) await call('StopTransaction', { transactionId: tx16, meterStop: s.wh, timestamp: new Date().toISOString() });
  else await call('TransactionEvent', { eventType: 'Ended', timestamp: new Date().toISOString(), triggerReason: 'EVDeparted', seqNo: seqNo++, transactionInfo: { transactionId: txId, stoppedReason: 'EVDisconnected' }, meterValue: energy201(s, s.wh) });
}
