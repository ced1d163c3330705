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

/**
 * 1.6 charging profiles, with the rules of the spec's smart charging section
 * that the JSON schema cannot express: a TxProfile belongs on a connector
 * (> 0), a ChargePointMaxProfile on connector 0, and only a TxProfile names a
 * transaction.
 */
const purpose16 = z.enum(['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile']);
const profile16 = profile.extend({ chargingProfilePurpose: purpose16, transactionId: int.optional() }).refine(
  (p) => p.transactionId === undefined || p.chargingProfilePurpose === 'TxProfile',
  { message: 'Only a TxProfile names a transactionId', path: ['transactionId'] },
);
const setChargingProfile16 = z.object({ connectorId: nonNegative, csChargingProfiles: profile16 }).superRefine(({ connectorId, csChargingProfiles: p }, ctx) => {
  if (p.chargingProfilePurpose === 'TxProfile' && connectorId === 0)
    ctx.addIssue({ code: 'custom', message: 'A TxProfile is set on a connector (connectorId > 0)', path: ['connectorId'] });
  if (p.chargingProfilePurpose === 'ChargePointMaxProfile' && connectorId !== 0)
    ctx.addIssue({ code: 'custom', message: 'A ChargePointMaxProfile is set on connectorId 0', path: ['connectorId'] });
});
/** The profile of a remote start is for the transaction it starts, which has no id yet. */
const remoteStartProfile16 = profile
  .extend({ chargingProfilePurpose: z.literal('TxProfile'), transactionId: int.optional() })
  .refine((p) => p.transactionId === undefined, { message: 'A remote start profile names no transactionId', path: ['transactionId'] });

export const commands16 = z.discriminatedUnion('action', [
  command(
    'RemoteStartTransaction',
    z.object({ connectorId: int.min(1).optional(), idTag: z.string().min(1).max(20).optional(), chargingProfile: remoteStartProfile16.optional() }),
  ),
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
  // A TxProfile without transactionId gets the session running on that connector.
  command('SetChargingProfile', setChargingProfile16),
  command(
    'ClearChargingProfile',
    z.object({
      id: int.optional(),
      connectorId: nonNegative.optional(),
      chargingProfilePurpose: purpose16.optional(),
      stackLevel: nonNegative.optional(),
    }),
  ),
  // Connector 0: what the whole charge point may draw; duration in seconds from now.
  command('GetCompositeSchedule', z.object({ connectorId: nonNegative, duration: int.min(1), chargingRateUnit: z.enum(['A', 'W']).optional() })),
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
  // Without id or criteria the station clears every profile it may (not the external constraints, K10).
  command(
    'ClearChargingProfile',
    z.object({
      chargingProfileId: int.optional(),
      chargingProfileCriteria: z
        .object({
          evseId: nonNegative.optional(),
          chargingProfilePurpose: z.enum(['ChargingStationMaxProfile', 'TxDefaultProfile', 'TxProfile']).optional(),
          stackLevel: nonNegative.optional(),
        })
        .optional(),
    }),
  ),
  // The station answers Accepted or Failed (OCA TC_B_42/44); a slot is used once NetworkConfigurationPriority names it.
  command(
    'SetNetworkProfile',
    z.object({
      configurationSlot: int,
      connectionData: z.looseObject({
        ocppVersion: z.enum(['OCPP12', 'OCPP15', 'OCPP16', 'OCPP20']),
        ocppTransport: z.enum(['JSON', 'SOAP']),
        ocppCsmsUrl: z.url({ protocol: /^wss?$/ }).max(512),
        messageTimeout: int,
        securityProfile: int.min(0).max(3),
        ocppInterface: z.string().min(1),
      }),
    }),
  ),
  // evseId 0: the whole station's schedule.
  command('GetCompositeSchedule', z.object({ duration: nonNegative, evseId: nonNegative, chargingRateUnit: z.enum(['W', 'A']).optional() })),
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
