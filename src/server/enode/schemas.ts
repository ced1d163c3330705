/**
 * Zod schemas for what Enode sends us (API responses and webhook events).
 * Objects are loose: Enode adds fields without a version bump, and we keep
 * the full vehicle as Enode shaped it.
 */
import { z } from 'zod';

const maybe = <T extends z.ZodType>(schema: T) => schema.nullish();

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string(),
});

export const vehicleSchema = z.looseObject({
  id: z.string().min(1),
  userId: maybe(z.string()),
  vendor: maybe(z.string()),
  lastSeen: maybe(z.iso.datetime({ offset: true })),
  isReachable: maybe(z.boolean()),
  information: maybe(
    z.looseObject({
      displayName: maybe(z.string()),
      vin: maybe(z.string()),
      brand: maybe(z.string()),
      model: maybe(z.string()),
      year: maybe(z.number().int()),
    }),
  ),
  chargeState: maybe(
    z.looseObject({
      batteryLevel: maybe(z.number()),
      range: maybe(z.number()),
      isCharging: maybe(z.boolean()),
      isPluggedIn: maybe(z.boolean()),
      chargeRate: maybe(z.number()),
      /** kWh; turns a battery level gained into energy when the car reports no charge rate. */
      batteryCapacity: maybe(z.number()),
      powerDeliveryState: maybe(z.string()),
      lastUpdated: maybe(z.string()),
    }),
  ),
  location: maybe(z.looseObject({ latitude: maybe(z.number()), longitude: maybe(z.number()) })),
  odometer: maybe(z.looseObject({ distance: maybe(z.number()) })),
});
export type EnodeVehicle = z.infer<typeof vehicleSchema>;

export const actionStates = ['PENDING', 'CONFIRMED', 'FAILED', 'CANCELLED'] as const;

export const actionSchema = z.looseObject({
  id: z.string().min(1),
  state: z.enum(actionStates),
  kind: z.enum(['START', 'STOP']),
  targetId: z.string(),
  targetType: maybe(z.string()),
  createdAt: maybe(z.string()),
  updatedAt: maybe(z.string()),
  completedAt: maybe(z.string()),
  failureReason: maybe(z.unknown()),
});
export type EnodeAction = z.infer<typeof actionSchema>;

export const linkSessionSchema = z.object({ linkUrl: z.url(), linkToken: z.string().min(1) });

export const paginated = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), pagination: z.looseObject({}).nullish() });

export const webhookSchema = z.looseObject({
  id: z.string().min(1),
  url: z.string(),
  events: z.array(z.string()),
  isActive: z.boolean(),
  lastSuccess: maybe(z.string()),
  createdAt: maybe(z.string()),
});
export type EnodeWebhook = z.infer<typeof webhookSchema>;

/** Enode's problem responses: `{type, title, detail}`. */
export const problemSchema = z.looseObject({ title: maybe(z.string()), detail: maybe(z.string()) });

/** One event of a webhook delivery; the fields used depend on `event`. */
export const webhookEventSchema = z.looseObject({
  event: z.string().min(1),
  createdAt: maybe(z.string()),
  user: maybe(z.looseObject({ id: z.string() })),
  vehicle: maybe(z.unknown()),
  vendorAction: maybe(z.unknown()),
  vendor: maybe(z.string()),
});
export type EnodeWebhookEvent = z.infer<typeof webhookEventSchema>;

export const webhookDeliverySchema = z.array(webhookEventSchema).min(1).max(1000);
