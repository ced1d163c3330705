import { z } from 'zod';

/**
 * The commands the API can send, per protocol: one discriminated union on
 * `action` each. Nested structures (charging profiles, variables) are checked
 * here for shape and then in full against the OCPP JSON schema before sending.
 */
const int = z.number().int();
const nonNegative = int.min(0);
const profile = z.looseObject({ chargingProfileId: int.optional(), id: int.optional(), stackLevel: nonNegative });
const availability16 = z.enum(['Inoperative', 'Operative']);

/** Where a charge point downloads firmware from or uploads diagnostics to (it fetches, not us). */
const transferUrl = z.url({ protocol: /^(ftp|ftps|http|https)$/ }).max(512);
const dateTime = z.iso.datetime({ offset: true });
const retries = { retries: nonNegative.optional(), retryInterval: nonNegative.optional() };
/** Full replaces the charge point's list with the owner's id tags; Differential sends only what changed since the last accepted list. */
const updateType = z.enum(['Full', 'Differential']).default('Full');

const command = <A extends string, P extends z.ZodType>(action: A, payload: P) =>
  z.object({ action: z.literal(action), payload });

export const commands16 = z.discriminatedUnion('action', [
  command('RemoteStartTransaction', z.object({ connectorId: int.min(1).optional(), idTag: z.string().min(1).max(20).optional(), chargingProfile: profile.optional() })),
  command('RemoteStopTransaction', z.object({ transactionId: int })),
  command('Reset', z.object({ type: z.enum(['Hard', 'Soft']) })),
  command('UnlockConnector', z.object({ connectorId: int.min(1) })),
  command('ChangeAvailability', z.object({ connectorId: nonNegative, type: availability16 })),
  command(
    'TriggerMessage',
    z.object({
      requestedMessage: z.enum(['BootNotification', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues', 'StatusNotification']),
      connectorId: int.min(1).optional(),
    }),
  ),
  command('GetConfiguration', z.object({ key: z.array(z.string().max(50)).optional() })),
  command('ChangeConfiguration', z.object({ key: z.string().min(1).max(50), value: z.string().max(500) })),
  command('ClearCache', z.object({})),
  command('SetChargingProfile', z.object({ connectorId: nonNegative, csChargingProfiles: profile })),
  command(
    'ClearChargingProfile',
    z.object({
      id: int.optional(),
      connectorId: nonNegative.optional(),
      chargingProfilePurpose: z.enum(['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile']).optional(),
      stackLevel: nonNegative.optional(),
    }),
  ),
  // The list itself is built from the owner's id tags, and the version is ours to count.
  command('SendLocalList', z.object({ updateType })),
  command('GetLocalListVersion', z.object({})),
  command('UpdateFirmware', z.object({ location: transferUrl, retrieveDate: dateTime.optional(), ...retries })),
  // Without a location the charge point uploads to this server (a one-time URL).
  command('GetDiagnostics', z.object({ location: transferUrl.optional(), startTime: dateTime.optional(), stopTime: dateTime.optional(), ...retries })),
]);

const idToken = z.object({ idToken: z.string().min(1).max(36), type: z.string().min(1) });
const evse = z.object({ id: int.min(0), connectorId: int.min(1).optional() });
const component = z.looseObject({ name: z.string().min(1) });
const variable = z.looseObject({ name: z.string().min(1) });

export const commands201 = z.discriminatedUnion('action', [
  command(
    'RequestStartTransaction',
    z.object({ evseId: int.min(1).optional(), idToken: idToken.optional(), remoteStartId: int.optional(), chargingProfile: profile.optional() }),
  ),
  command('RequestStopTransaction', z.object({ transactionId: z.string().min(1).max(36) })),
  command('Reset', z.object({ type: z.enum(['Immediate', 'OnIdle']), evseId: int.optional() })),
  command('UnlockConnector', z.object({ evseId: int.min(1), connectorId: int.min(1) })),
  command('ChangeAvailability', z.object({ operationalStatus: z.enum(['Inoperative', 'Operative']), evse: evse.optional() })),
  command(
    'TriggerMessage',
    z.object({
      requestedMessage: z.enum([
        'BootNotification',
        'LogStatusNotification',
        'FirmwareStatusNotification',
        'Heartbeat',
        'MeterValues',
        'SignChargingStationCertificate',
        'SignV2GCertificate',
        'StatusNotification',
        'TransactionEvent',
        'SignCombinedCertificate',
        'PublishFirmwareStatusNotification',
      ]),
      evse: evse.optional(),
    }),
  ),
  command('GetVariables', z.object({ getVariableData: z.array(z.looseObject({ component, variable })).min(1) })),
  command('SetVariables', z.object({ setVariableData: z.array(z.looseObject({ component, variable, attributeValue: z.string().max(1000) })).min(1) })),
  command('GetBaseReport', z.object({ requestId: int.optional(), reportBase: z.enum(['ConfigurationInventory', 'FullInventory', 'SummaryInventory']) })),
  command('ClearCache', z.object({})),
  command('SetChargingProfile', z.object({ evseId: nonNegative, chargingProfile: profile })),
  // Our tags carry no token type; RFID cards are ISO14443 unless said otherwise.
  command('SendLocalList', z.object({ updateType, idTokenType: z.string().min(1).max(20).default('ISO14443') })),
  command('GetLocalListVersion', z.object({})),
  command(
    'UpdateFirmware',
    z.object({
      requestId: int.optional(),
      firmware: z.object({
        location: transferUrl,
        retrieveDateTime: dateTime.optional(),
        installDateTime: dateTime.optional(),
        signingCertificate: z.string().max(5500).optional(),
        signature: z.string().max(800).optional(),
      }),
      ...retries,
    }),
  ),
  command(
    'GetLog',
    z.object({
      requestId: int.optional(),
      logType: z.enum(['DiagnosticsLog', 'SecurityLog']).default('DiagnosticsLog'),
      log: z.object({ remoteLocation: transferUrl.optional(), oldestTimestamp: dateTime.optional(), latestTimestamp: dateTime.optional() }).default({}),
      ...retries,
    }),
  ),
  command('GetTransactionStatus', z.object({ transactionId: z.string().min(1).max(36).optional() })),
]);

export type Command16 = z.infer<typeof commands16>;
export type Command201 = z.infer<typeof commands201>;

/** What the API accepts before the charge point's protocol is known. */
export const commandRequestSchema = z.object({
  action: z.string().min(1).max(64),
  payload: z.record(z.string(), z.unknown()).default({}),
});
