/** The public API, endpoint by endpoint, with the zod schemas the routes validate with. */
import { z } from 'zod';
import { createApiKeySchema } from '@/server/apikeys/apikeys';
import { chargingBodySchema, haVehicleParams } from '@/server/ha/params';
import { currentLimitSchema, haChargePointChargingSchema, haChargePointParams } from '@/server/ha/charge-points';
import { registerTargetSchema } from '@/server/ha/push/targets';
import { odometerSchema, sessionsQuerySchema } from '@/server/ha/vehicles';
import { electricityRateSchema } from '@/server/users/electricity-rate';
import { driverStartSchema, driverStopSchema, mySessionsQuery } from '@/server/chargers/drivers';
import { sessionVehicleSchema } from '@/server/planner/matching';
import { planBodySchema, planQuerySchema, vehiclePlanDefaultsSchema } from '@/server/planner/plans';
import { pushPricesSchema, siteParams } from '@/server/planner/prices';
import { chargingModeBody } from '@/server/energy/charging-modes';
import { measurementSchema } from '@/server/energy/measurements';
import * as out from './schemas';

const idParams = z.object({ id: z.uuid() });

export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: 'Home Assistant' | 'Charge points' | 'Account' | 'Push';
  /** Counted against the plan's monthly allowance. */
  metered?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  /** Alternative paths serving the same endpoint (the older service's). */
  aliases?: string[];
}

export const ENDPOINTS: Endpoint[] = [
  { method: 'get', path: '/api/me', summary: 'The key owner’s account', tag: 'Account', response: out.meSchema, aliases: ['/api/ha/me'] },
  { method: 'get', path: '/api/me/api-usage', summary: 'Calls this month, allowance, tokens, reset date', tag: 'Account', response: out.usageSchema },
  { method: 'post', path: '/api/keys', summary: 'Create an API key (shown once)', tag: 'Account', body: createApiKeySchema },
  {
    method: 'get',
    path: '/api/user/vehicles',
    summary: 'The caller’s vehicles (JSON array)',
    tag: 'Home Assistant',
    response: z.array(out.vehicleSchema),
    aliases: ['/api/ha/vehicles'],
  },
  {
    method: 'get',
    path: '/api/status/{vehicleId}',
    summary: 'Vehicle status; refreshed from Enode first when the cache is older than VEHICLE_CACHE_MAX_AGE_S',
    tag: 'Home Assistant',
    metered: true,
    params: haVehicleParams,
    response: out.vehicleStatusSchema,
    aliases: ['/api/ha/status/{vehicleId}'],
  },
  {
    method: 'post',
    path: '/api/charging/{vehicleId}',
    summary: 'Start or stop charging (plans with charging control)',
    tag: 'Home Assistant',
    metered: true,
    params: haVehicleParams,
    body: chargingBodySchema,
    response: out.actionSchema,
    aliases: ['/api/ha/charging/{vehicleId}'],
  },
  {
    method: 'get',
    path: '/api/ha/charging/sessions',
    summary: 'Charging sessions started after `since`, oldest first',
    tag: 'Home Assistant',
    query: sessionsQuerySchema,
    response: z.object({ sessions: z.array(out.sessionSchema), has_more: z.boolean() }),
  },
  {
    method: 'post',
    path: '/api/ha/charging/{vehicleId}/odometer',
    summary: 'Record the odometer on the vehicle’s latest charging session',
    tag: 'Home Assistant',
    metered: true,
    params: haVehicleParams,
    body: odometerSchema,
    response: out.sessionSchema,
  },
  {
    method: 'post',
    path: '/api/ha/refresh',
    summary: 'Fetch one vehicle (`vehicle_id`) or all from Enode now',
    tag: 'Home Assistant',
    body: z.object({ vehicle_id: z.string().optional() }),
    response: z.object({ status: z.literal('success'), refreshed: z.number().int(), vehicles: z.array(out.vehicleStatusSchema) }),
  },
  {
    method: 'get',
    path: '/api/me/sessions',
    summary: 'A driver’s own sessions of a month across sites, with totals and the last 12 months',
    tag: 'Charge points',
    query: mySessionsQuery,
  },
  { method: 'get', path: '/api/me/charge-points', summary: 'The charge points of the sites the caller drives on, with their own running sessions (each with its car and plan)', tag: 'Charge points' },
  {
    method: 'post',
    path: '/api/me/charge-points/{id}/start',
    summary: 'Start a session with the driver’s own id tag',
    tag: 'Charge points',
    params: idParams,
    body: driverStartSchema,
  },
  {
    method: 'post',
    path: '/api/me/charge-points/{id}/stop',
    summary: 'Stop the driver’s own running session',
    tag: 'Charge points',
    params: idParams,
    body: driverStopSchema,
  },
  { method: 'get', path: '/api/ha/charge-points', summary: 'The caller’s charge points with their state', tag: 'Charge points', response: z.array(out.chargePointSchema) },
  {
    method: 'get',
    path: '/api/ha/charge-points/{chargePointId}',
    summary: 'A charge point: connectors, live power, the open session',
    tag: 'Charge points',
    metered: true,
    params: haChargePointParams,
    response: out.chargePointSchema,
  },
  {
    method: 'post',
    path: '/api/ha/charge-points/{chargePointId}/charging',
    summary: 'Start a session with your own tag, or stop the running one',
    tag: 'Charge points',
    metered: true,
    params: haChargePointParams,
    body: haChargePointChargingSchema,
  },
  {
    method: 'post',
    path: '/api/ha/charge-points/{chargePointId}/current-limit',
    summary: 'Limit a connector’s current (A per phase; null lifts it)',
    tag: 'Charge points',
    metered: true,
    params: haChargePointParams,
    body: currentLimitSchema,
  },
  {
    method: 'post',
    path: '/api/ha/charge-points/{chargePointId}/mode',
    summary: 'Set the charging mode: off, fast, min_solar or solar (one connector, or all)',
    tag: 'Charge points',
    params: haChargePointParams,
    body: chargingModeBody,
  },
  {
    method: 'get',
    path: '/api/ha/sites/{id}',
    summary: 'A site’s measured, allocated and surplus power, the limit in force, each connector’s mode, today’s energy by source',
    tag: 'Home Assistant',
    params: z.object({ id: z.uuid() }),
  },
  {
    method: 'post',
    path: '/api/ha/sites/{id}/measurements',
    summary: 'Push the site’s grid power (import positive), optionally solar, home battery and a live maximum per phase',
    tag: 'Home Assistant',
    params: z.object({ id: z.uuid() }),
    body: measurementSchema,
  },
  {
    method: 'get',
    path: '/api/ha/charge-points/{chargePointId}/sessions',
    summary: 'The charge point’s sessions, newest first',
    tag: 'Charge points',
    params: haChargePointParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
  },
  {
    method: 'post',
    path: '/api/ha/sites/{id}/prices',
    summary: 'Push a site’s price forecast (15- or 60-minute slots, optional pv_forecast_w); running plans re-plan',
    tag: 'Home Assistant',
    params: siteParams,
    body: pushPricesSchema,
  },
  { method: 'get', path: '/api/ha/sites/{id}/prices', summary: 'The site’s pushed prices from now on', tag: 'Home Assistant', params: siteParams },
  {
    method: 'get',
    path: '/api/charge-points/{id}/plan',
    summary: 'The running session’s charging plan: target, departure, planned slots, expected cost, reachable or the earliest time',
    tag: 'Charge points',
    params: idParams,
    query: planQuerySchema,
    response: out.chargePlanSchema,
  },
  {
    method: 'put',
    path: '/api/charge-points/{id}/plan',
    summary: 'Set the running session’s plan (the car becomes the session’s car)',
    tag: 'Charge points',
    params: idParams,
    body: planBodySchema,
    response: out.chargePlanSchema,
  },
  { method: 'delete', path: '/api/charge-points/{id}/plan', summary: 'Remove the running session’s plan', tag: 'Charge points', params: idParams, query: planQuerySchema },
  { method: 'get', path: '/api/charge-points/{id}/vehicle', summary: 'The car on the charger of each running session the caller sees (a driver: their own; `own_session` marks the caller’s), and the caller’s usual car here', tag: 'Charge points', params: idParams },
  {
    method: 'put',
    path: '/api/charge-points/{id}/vehicle',
    summary: 'Pick your running session’s car (null: not this car), or your usual car at this charge point (default_vehicle_id; null: none)',
    tag: 'Charge points',
    params: idParams,
    body: sessionVehicleSchema,
  },
  {
    method: 'put',
    path: '/api/vehicles/{id}/plan-defaults',
    summary: 'A vehicle’s planner defaults: target level and usual departure time (site time)',
    tag: 'Home Assistant',
    params: idParams,
    body: vehiclePlanDefaultsSchema,
  },
  { method: 'get', path: '/api/ha/electricity-rate', summary: 'Your electricity price', tag: 'Home Assistant', response: out.rateSchema },
  {
    method: 'post',
    path: '/api/ha/electricity-rate',
    summary: 'Set your electricity price (costs charging sessions)',
    tag: 'Home Assistant',
    body: electricityRateSchema,
    response: out.rateSchema,
  },
  {
    method: 'post',
    path: '/api/ha/webhook/register',
    summary: 'Register Home Assistant’s webhook for real-time pushes of a vehicle (plans with push)',
    tag: 'Push',
    body: registerTargetSchema,
    response: out.pushTargetSchema,
  },
  {
    method: 'delete',
    path: '/api/ha/webhook/register',
    summary: 'Remove the caller’s push targets (all, or those of `webhook_id`)',
    tag: 'Push',
    query: z.object({ webhook_id: z.string().optional() }),
    response: z.object({ status: z.literal('success'), removed: z.number().int() }),
  },
  {
    method: 'get',
    path: '/api/ha/webhook/status',
    summary: 'Push targets with their delivery health',
    tag: 'Push',
    response: z.object({ registered: z.boolean(), targets: z.array(out.pushTargetSchema) }),
  },
];
