/** Response shapes of the public API, for the OpenAPI document (requests use the routes' own schemas). */
import { z } from 'zod';

export const errorSchema = z
  .object({
    detail: z.string().describe('What went wrong, for people (Home Assistant shows it).'),
    code: z.string().describe('What went wrong, for programs.'),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('422 only: every failing field.'),
  })
  .meta({ title: 'Error' });

export const meSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(['user', 'admin']),
    tier: z.enum(['free', 'basic', 'pro']),
    sms_credits: z.number(),
    api_tokens: z.number(),
  })
  .loose()
  .meta({ title: 'Me' });

export const usageSchema = z
  .object({
    current_calls: z.number().int(),
    max_calls: z.number().int(),
    max_linked_vehicles: z.number().int(),
    linked_vehicle_count: z.number().int(),
    tier: z.enum(['free', 'basic', 'pro']),
    api_tokens: z.number().int(),
    tokens_spent: z.number().int(),
    period_start: z.string().describe('YYYY-MM-DD, UTC'),
    resets_at: z.iso.datetime(),
    daily: z.array(z.object({ date: z.string(), calls: z.number().int() })),
  })
  .loose()
  .meta({ title: 'ApiUsage' });

const nullableNumber = z.number().nullable();

export const vehicleSchema = z
  .object({
    id: z.string().describe("Enode's vehicle id"),
    internalId: z.uuid().describe("EVConduit's vehicle id"),
    vendor: z.string().nullable(),
    information: z.object({ displayName: z.string().nullable(), vin: z.string().nullable(), brand: z.string().nullable(), model: z.string().nullable(), year: nullableNumber }),
  })
  .loose()
  .meta({ title: 'Vehicle', description: "Enode's vehicle object, with `id` = Enode's id." });

export const vehicleStatusSchema = z
  .object({
    id: z.string(),
    internalId: z.uuid(),
    batteryLevel: nullableNumber,
    range: nullableNumber,
    isCharging: z.boolean().nullable(),
    isPluggedIn: z.boolean().nullable(),
    chargingState: z.string().nullable().describe('Enode powerDeliveryState'),
    vehicleName: z.string(),
    latitude: nullableNumber,
    longitude: nullableNumber,
    lastSeen: z.iso.datetime().nullable(),
    isReachable: z.boolean().nullable(),
    locationAvailable: z.boolean(),
    chargeState: z.record(z.string(), z.unknown()),
    information: z.record(z.string(), z.unknown()),
    location: z.object({ latitude: z.number(), longitude: z.number(), lastUpdated: z.string().nullable() }).nullable(),
    odometer: z.object({ distance: nullableNumber, lastUpdated: z.string().nullable() }),
    smartChargingPolicy: z.record(z.string(), z.unknown()),
    capabilities: z.record(z.string(), z.object({ isCapable: z.boolean() }).loose()),
    stale: z.boolean().describe('Enode could not be reached for an overdue refresh: this is the cached state.'),
  })
  .loose()
  .meta({ title: 'VehicleStatus' });

export const actionSchema = z
  .object({
    status: z.literal('success'),
    id: z.uuid(),
    kind: z.enum(['START', 'STOP']),
    state: z.enum(['PENDING', 'CONFIRMED', 'FAILED', 'CANCELLED']),
    failure_reason: z.string().nullable(),
  })
  .loose()
  .meta({ title: 'ChargingAction' });

export const sessionSchema = z
  .object({
    session_id: z.uuid(),
    start_time: z.iso.datetime(),
    end_time: z.iso.datetime().nullable(),
    energy_added_kwh: nullableNumber,
    total_cost: nullableNumber,
    cost_per_kwh: nullableNumber,
    currency: z.string().nullable(),
    station_name: z.string().nullable(),
    battery_level_start: nullableNumber,
    battery_level_end: nullableNumber,
    location_lat: nullableNumber,
    location_lon: nullableNumber,
    created_at: z.iso.datetime(),
  })
  .loose()
  .meta({ title: 'ChargingSession' });

export const pushTargetSchema = z
  .object({
    id: z.uuid(),
    webhook_id: z.string(),
    external_url: z.string(),
    vehicle_id: z.string().nullable(),
    is_enabled: z.boolean(),
    disabled_reason: z.string().nullable(),
    last_success_at: z.iso.datetime().nullable(),
    last_error: z.string().nullable(),
    success_rate: nullableNumber,
  })
  .loose()
  .meta({ title: 'PushTarget' });

export const rateSchema = z.object({ cost_per_kwh: nullableNumber, currency: z.string().nullable() }).meta({ title: 'ElectricityRate' });

export const chargePointSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    identity: z.string(),
    connected: z.boolean(),
    status: z.string().nullable(),
    is_charging: z.boolean(),
    power_w: z.number(),
    session_energy_kwh: z.number(),
    connectors: z.array(
      z
        .object({
          evse_id: z.number(),
          connector_id: z.number(),
          status: z.string().nullable(),
          power_w: nullableNumber,
          max_current_a: nullableNumber,
          allocated_a: nullableNumber.describe('The current the site’s load balancing gives this connector’s session (A per phase); null without one.'),
        })
        .loose(),
    ),
    active_session: z.record(z.string(), z.unknown()).nullable(),
    vehicle: z.record(z.string(), z.unknown()).nullable().optional().describe('The car on the charger: vehicle_id, match, battery_level, energy on both sides (docs/planner.md).'),
    plan: z.record(z.string(), z.unknown()).nullable().optional().describe('The running session’s charging plan, as GET /api/charge-points/{id}/plan.'),
  })
  .loose()
  .meta({ title: 'ChargePoint' });

export const chargePlanSchema = z
  .object({
    transaction_id: z.uuid(),
    vehicle_id: z.uuid().nullable(),
    target_battery_level: z.number().int(),
    departure: z.string(),
    strategy: z.enum(['cheapest', 'greenest']),
    computed_at: z.string().nullable(),
    profile_status: z.string().nullable(),
    energy_needed_kwh: z.number().optional(),
    slots: z.array(
      z.object({ start: z.string(), end: z.string(), energy_kwh: z.number(), price_per_kwh: z.number().nullable(), cost: z.number().nullable() }).loose(),
    ),
    expected_cost: z.number().nullable().optional(),
    currency: z.string().nullable().optional(),
    price_source: z.string().optional(),
    reachable: z.boolean().nullable().describe('Null while the car has not reported its battery level (see problem).'),
    finishes_at: z.string().nullable().optional(),
    earliest_completion: z.string().optional().describe('The earliest time the target can be reached, charging at full power from now.'),
    problem: z.string().optional().describe('Why there is no plan, in the caller\'s language; `problem_code` says which.'),
    problem_code: z.enum(['no_battery_level']).optional(),
    note: z.string().optional().describe('A remark on the plan, in the caller\'s language; `note_code` says which.'),
    note_code: z.enum(['no_solar_forecast']).optional(),
  })
  .loose()
  .meta({ title: 'ChargePlan' });
