/**
 * The whole product's schema. `drizzle-kit generate` turns changes here into
 * SQL migrations in supabase/migrations; never edit the database by hand.
 *
 * Row-level security: every user-owned table gets an owner policy for the
 * Supabase `authenticated` role. The server itself connects as the table owner
 * and checks ownership in the domain code; RLS guards direct client access.
 */
import { sql, type SQL } from 'drizzle-orm';
import {

  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgPolicy,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  date,
  customType,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { authenticatedRole, authUsers } from 'drizzle-orm/supabase';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const tstz = (name: string) => timestamp(name, { withTimezone: true });
const userRef = (name = 'user_id') =>
  uuid(name)
    .notNull()
    .references((): AnyPgColumn => users.id, { onDelete: 'cascade' });

/**
 * Read-only owner policy for the Supabase `authenticated` role. All writes go
 * through the server (which checks ownership itself), so clients never need
 * write access; a user must never change their own tier, usage or tokens.
 */
const ownerReadPolicy = (table: string, condition: SQL) =>
  pgPolicy(`${table}_owner_read`, { for: 'select', to: authenticatedRole, using: condition });

const isOwner = (owner: AnyPgColumn) => sql`${owner} = (select auth.uid())`;

// ---------------------------------------------------------------- accounts

export const users = pgTable(
  'users',
  {
    id: uuid('id')
      .primaryKey()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name'),
    role: text('role', { enum: ['user', 'admin'] }).notNull().default('user'),
    isApproved: boolean('is_approved').notNull().default(true),
    tier: text('tier', { enum: ['free', 'basic', 'pro'] }).notNull().default('free'),
    trialEndsAt: tstz('trial_ends_at'),
    trialUsedAt: tstz('trial_used_at'),
    apiTokens: integer('api_tokens').notNull().default(0),
    /** Bought as Stripe packs, one spent per notification SMS (never below zero). */
    smsCredits: integer('sms_credits').notNull().default(0),
    stripeCustomerId: text('stripe_customer_id'),
    electricityCostPerKwh: numeric('electricity_cost_per_kwh', { precision: 10, scale: 4 }),
    currency: text('currency'),
    /** The UI, e-mail and API language ('en' | 'sv' | 'de'); null follows the browser (Accept-Language). */
    locale: text('locale', { enum: ['en', 'sv', 'de'] }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('users_locale_known', sql`${t.locale} in ('en', 'sv', 'de')`),
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    uniqueIndex('users_stripe_customer_key').on(t.stripeCustomerId),
    check('users_api_tokens_nonnegative', sql`${t.apiTokens} >= 0`),
    check('users_sms_credits_nonnegative', sql`${t.smsCredits} >= 0`),
    ownerReadPolicy('users', isOwner(t.id)),
  ],
);

/** Local auth only: password hash and e-mail verification. */
export const localCredentials = pgTable('local_credentials', {
  userId: userRef().primaryKey(),
  passwordHash: text('password_hash').notNull(),
  emailVerifiedAt: tstz('email_verified_at'),
  updatedAt: updatedAt(),
}).enableRLS();

/** Single-use links for e-mail verification and password reset (hash only). */
export const authTokens = pgTable(
  'auth_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: userRef(),
    purpose: text('purpose', { enum: ['verify_email', 'reset_password'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('auth_tokens_hash_key').on(t.tokenHash), index('auth_tokens_user_idx').on(t.userId)],
).enableRLS();

/**
 * Counters that slow down guessing (sign-in, reset mails, API key lookups),
 * kept here so every instance sharing the database sees the same counts.
 * A row whose `expires_at` passed counts as absent and is deleted now and then.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    bucket: text('bucket').notNull(),
    key: text('key').notNull(),
    count: integer('count').notNull(),
    windowStartedAt: tstz('window_started_at').notNull(),
    lastAttemptAt: tstz('last_attempt_at').notNull(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.key] }), index('rate_limits_expires_idx').on(t.expiresAt)],
).enableRLS();

/**
 * The server processes sharing this database (several instances on one
 * PostgreSQL; PGlite has one). Each renews `lease_until` every few seconds;
 * one whose lease lapsed is dead, and so are the connections it held.
 */
export const clusterInstances = pgTable('cluster_instances', {
  id: text('id').primaryKey(),
  startedAt: tstz('started_at').notNull(),
  leaseUntil: tstz('lease_until').notNull(),
  /** Shutting down: hands its charge points over and takes no new ones. */
  draining: boolean('draining').notNull().default(false),
}).enableRLS();

/** Bus messages too large for a NOTIFY payload travel by reference to a row here, read once and deleted. */
export const busPayloads = pgTable(
  'bus_payloads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    body: jsonb('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('bus_payloads_created_idx').on(t.createdAt)],
).enableRLS();

/** One row per periodic job: which instance runs it now, until when, and how the last run went. */
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder'),
  leaseUntil: tstz('lease_until'),
  lastStartedAt: tstz('last_started_at'),
  lastFinishedAt: tstz('last_finished_at'),
  lastError: text('last_error'),
}).enableRLS();

/**
 * The status page's last 24 hours: what the status job observed of each
 * component, one row per component every few minutes (src/server/system/status.ts
 * keeps it to 24 hours, so a few thousand rows at most).
 */
export const statusSamples = pgTable(
  'status_samples',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    component: text('component', { enum: ['database', 'enode', 'stripe', 'ocpp', 'push'] }).notNull(),
    state: text('state', { enum: ['up', 'degraded', 'down', 'off'] }).notNull(),
    sampledAt: tstz('sampled_at').notNull(),
  },
  (t) => [index('status_samples_sampled_idx').on(t.sampledAt)],
).enableRLS();

/** Local auth sessions; the signed cookie names one row, so sign-out revokes it. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: userRef(),
    expiresAt: tstz('expires_at').notNull(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
).enableRLS();

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: userRef(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    /** `ha`: the Home Assistant API only; `full`: everything the account's session may do. */
    scope: text('scope', { enum: ['ha', 'full'] }).notNull().default('ha'),
    createdAt: createdAt(),
    lastUsedAt: tstz('last_used_at'),
    revokedAt: tstz('revoked_at'),
    /** The burst limit's minute (usage/burst.ts): when it started and the calls counted in it, shared by every instance. */
    burstWindowStart: tstz('burst_window_start'),
    burstCalls: integer('burst_calls').notNull().default(0),
  },
  (t) => [
    uniqueIndex('api_keys_hash_key').on(t.keyHash),
    index('api_keys_user_idx').on(t.userId),
    ownerReadPolicy('api_keys', isOwner(t.userId)),
  ],
);

// ---------------------------------------------------------------- vehicles (Enode)

export const enodeLinks = pgTable(
  'enode_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: userRef(),
    vendor: text('vendor').notNull(),
    status: text('status', { enum: ['pending', 'active', 'broken', 'unlinked'] }).notNull().default('pending'),
    statusReason: text('status_reason'),
    linkToken: text('link_token'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('enode_links_user_vendor_key').on(t.userId, t.vendor), ownerReadPolicy('enode_links', isOwner(t.userId))],
);

export const vehicles = pgTable(
  'vehicles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: userRef(),
    enodeVehicleId: text('enode_vehicle_id').notNull(),
    vendor: text('vendor'),
    displayName: text('display_name'),
    vin: text('vin'),
    brand: text('brand'),
    model: text('model'),
    year: smallint('year'),
    /** The last full Enode vehicle object, as Enode shaped it. */
    state: jsonb('state').$type<Record<string, unknown>>(),
    lastSeen: tstz('last_seen'),
    isReachable: boolean('is_reachable'),
    fetchedAt: tstz('fetched_at'),
    updateStrategy: text('update_strategy', { enum: ['webhook', 'poll', 'poll_when_plugged', 'manual'] })
      .notNull()
      .default('webhook'),
    pollIntervalMinutes: integer('poll_interval_minutes'),
    isSimulated: boolean('is_simulated').notNull().default(false),
    /** Charging planner defaults: target battery level (percent) and usual departure time of day (HH:MM, site time); null: charge at once. */
    planTargetLevel: smallint('plan_target_level'),
    planDepartureTime: text('plan_departure_time'),
    planStrategy: text('plan_strategy', { enum: ['cheapest', 'greenest'] }).notNull().default('cheapest'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('vehicles_enode_id_key').on(t.enodeVehicleId),
    index('vehicles_user_idx').on(t.userId),
    ownerReadPolicy('vehicles', isOwner(t.userId)),
  ],
);

/** Compact history of vehicle state, one row per observed change. */
export const vehicleSamples = pgTable(
  'vehicle_samples',
  {
    vehicleId: uuid('vehicle_id')
      .notNull()
      .references(() => vehicles.id, { onDelete: 'cascade' }),
    sampledAt: tstz('sampled_at').notNull(),
    batteryLevel: smallint('battery_level'),
    rangeKm: doublePrecision('range_km'),
    isCharging: boolean('is_charging'),
    isPluggedIn: boolean('is_plugged_in'),
    chargeRateKw: doublePrecision('charge_rate_kw'),
    odometerKm: doublePrecision('odometer_km'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
  },
  (t) => [
    primaryKey({ columns: [t.vehicleId, t.sampledAt] }),
    ownerReadPolicy(
      'vehicle_samples',
      sql`exists (select 1 from vehicles v where v.id = ${t.vehicleId} and v.user_id = (select auth.uid()))`,
    ),
  ],
);

export const vehicleChargingSessions = pgTable(
  'vehicle_charging_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: userRef(),
    vehicleId: uuid('vehicle_id')
      .notNull()
      .references(() => vehicles.id, { onDelete: 'cascade' }),
    startTime: tstz('start_time').notNull(),
    endTime: tstz('end_time'),
    energyAddedKwh: doublePrecision('energy_added_kwh'),
    batteryLevelStart: smallint('battery_level_start'),
    batteryLevelEnd: smallint('battery_level_end'),
    costPerKwh: numeric('cost_per_kwh', { precision: 10, scale: 4 }),
    totalCost: numeric('total_cost', { precision: 12, scale: 4 }),
    currency: text('currency'),
    stationName: text('station_name'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    odometerKm: doublePrecision('odometer_km'),
    /** Running totals of an open session, so a new sample extends it without re-reading its samples. */
    lastSampleAt: tstz('last_sample_at'),
    lastChargeRateKw: doublePrecision('last_charge_rate_kw'),
    rateEnergyKwh: doublePrecision('rate_energy_kwh'),
    createdAt: createdAt(),
  },
  (t) => [
    index('vehicle_sessions_user_start_idx').on(t.userId, t.startTime),
    uniqueIndex('vehicle_sessions_vehicle_start_key').on(t.vehicleId, t.startTime),
    ownerReadPolicy('vehicle_charging_sessions', isOwner(t.userId)),
  ],
);

/** Charging actions sent to Enode and their progress. */
export const vehicleActions = pgTable(
  'vehicle_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: userRef(),
    vehicleId: uuid('vehicle_id')
      .notNull()
      .references(() => vehicles.id, { onDelete: 'cascade' }),
    enodeActionId: text('enode_action_id'),
    kind: text('kind', { enum: ['START', 'STOP'] }).notNull(),
    state: text('state', { enum: ['PENDING', 'CONFIRMED', 'FAILED', 'CANCELLED'] }).notNull().default('PENDING'),
    failureReason: text('failure_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('vehicle_actions_enode_key').on(t.enodeActionId), ownerReadPolicy('vehicle_actions', isOwner(t.userId))],
);

/** Incoming webhook deliveries (Enode, Stripe), stored before processing. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    source: text('source', { enum: ['enode', 'stripe'] }).notNull(),
    externalId: text('external_id').notNull(),
    eventType: text('event_type'),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['received', 'processed', 'failed', 'ignored'] }).notNull().default('received'),
    outcome: text('outcome'),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    processedAt: tstz('processed_at'),
  },
  (t) => [
    uniqueIndex('webhook_events_source_external_key').on(t.source, t.externalId),
    index('webhook_events_received_idx').on(t.source, t.receivedAt),
  ],
).enableRLS();

/** One row per webhook delivery (a batch of events) and what came of it, for the admin's webhook health page. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    source: text('source', { enum: ['enode'] }).notNull(),
    deliveryId: text('delivery_id').notNull(),
    receivedAt: tstz('received_at').notNull(),
    attempts: integer('attempts').notNull().default(1),
    eventCount: integer('event_count').notNull(),
    duplicates: integer('duplicates').notNull().default(0),
    eventTypes: jsonb('event_types').$type<Record<string, number>>().notNull(),
    status: text('status', { enum: ['processed', 'failed'] }).notNull(),
    /** Events per outcome, e.g. {"vehicle_saved": 99, "acknowledged": 1}. */
    outcomes: jsonb('outcomes').$type<Record<string, number>>().notNull(),
    error: text('error'),
    processingMs: integer('processing_ms'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_source_delivery_key').on(t.source, t.deliveryId),
    index('webhook_deliveries_received_idx').on(t.source, t.receivedAt),
  ],
).enableRLS();

// ---------------------------------------------------------------- usage and billing

/** Calls counted against the plan allowance, one row per user and period. */
export const apiUsage = pgTable(
  'api_usage',
  {
    userId: userRef(),
    periodStart: date('period_start').notNull(),
    calls: integer('calls').notNull().default(0),
    tokensSpent: integer('tokens_spent').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.periodStart] }), ownerReadPolicy('api_usage', isOwner(t.userId))],
);

export const apiCallLog = pgTable(
  'api_call_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: userRef(),
    apiKeyId: uuid('api_key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    endpoint: text('endpoint').notNull(),
    status: smallint('status').notNull(),
    counted: boolean('counted').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('api_call_log_user_created_idx').on(t.userId, t.createdAt), ownerReadPolicy('api_call_log', isOwner(t.userId))],
);

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    userId: userRef(),
    status: text('status').notNull(),
    tier: text('tier', { enum: ['basic', 'pro'] }).notNull(),
    interval: text('interval', { enum: ['month', 'year'] }),
    priceLookupKey: text('price_lookup_key'),
    currentPeriodEnd: tstz('current_period_end'),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    trialEnd: tstz('trial_end'),
    /** When we first saw it past_due; the grace period runs from here. */
    pastDueSince: tstz('past_due_since'),
    updatedAt: updatedAt(),
    createdAt: createdAt(),
  },
  (t) => [index('subscriptions_user_idx').on(t.userId), ownerReadPolicy('subscriptions', isOwner(t.userId))],
);

/** Things about billing the user must see (a failed payment, a trial ending), shown on the billing page until resolved. */
export const billingNotices = pgTable(
  'billing_notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: userRef(),
    kind: text('kind', { enum: ['payment_failed', 'trial_will_end'] }).notNull(),
    message: text('message').notNull(),
    createdAt: createdAt(),
    resolvedAt: tstz('resolved_at'),
  },
  (t) => [index('billing_notices_user_idx').on(t.userId, t.createdAt), ownerReadPolicy('billing_notices', isOwner(t.userId))],
);

/** Installation-wide settings (plan allowances, feature switches, secrets). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
}).enableRLS();

// ---------------------------------------------------------------- charge points (OCPP)

export const sites = pgTable(
  'sites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: userRef('owner_id'),
    name: text('name').notNull(),
    maxCurrentA: doublePrecision('max_current_a'),
    phases: smallint('phases').notNull().default(3),
    minCurrentPerSessionA: doublePrecision('min_current_per_session_a').notNull().default(6),
    /** IANA name; tariff blocks, exports, invoices and the UI use the site's local time. */
    timeZone: text('time_zone').notNull().default('UTC'),
    /** Legal details printed on invoices, as the owner entered them. */
    legalName: text('legal_name'),
    legalAddress: text('legal_address'),
    vatId: text('vat_id'),
    vatRatePercent: numeric('vat_rate_percent', { precision: 5, scale: 2 }).notNull().default('0'),
    createdAt: createdAt(),
  },
  (t) => [index('sites_owner_idx').on(t.ownerId), ownerReadPolicy('sites', isOwner(t.ownerId))],
);

/**
 * People who share a site with its owner. An invited e-mail without an account
 * has no user yet (user_id null, invitation token hash set) until it is accepted.
 */
export const siteMembers = pgTable(
  'site_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ['manager', 'driver'] }).notNull(),
    inviteTokenHash: text('invite_token_hash'),
    inviteExpiresAt: tstz('invite_expires_at'),
    acceptedAt: tstz('accepted_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('site_members_site_email_key').on(t.siteId, sql`lower(${t.email})`),
    uniqueIndex('site_members_invite_key').on(t.inviteTokenHash),
    index('site_members_user_idx').on(t.userId),
    ownerReadPolicy('site_members', isOwner(t.userId)),
  ],
);

export const tariffs = pgTable(
  'tariffs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: userRef('owner_id'),
    name: text('name').notNull(),
    pricePerKwh: numeric('price_per_kwh', { precision: 10, scale: 4 }).notNull(),
    currency: text('currency').notNull(),
    /** Optional time blocks: [{ from: "HH:MM", to: "HH:MM", pricePerKwh }]. */
    timeBlocks: jsonb('time_blocks').$type<{ from: string; to: string; pricePerKwh: number }[]>(),
    createdAt: createdAt(),
  },
  (t) => [index('tariffs_owner_idx').on(t.ownerId), ownerReadPolicy('tariffs', isOwner(t.ownerId))],
);

export const chargePoints = pgTable(
  'charge_points',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'set null' }),
    tariffId: uuid('tariff_id').references(() => tariffs.id, { onDelete: 'set null' }),
    identity: text('identity').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    /** A rotated password the charge point accepted but has not connected with yet; the old one stays valid meanwhile. */
    pendingPasswordHash: text('pending_password_hash'),
    passwordRotationStatus: text('password_rotation_status', { enum: ['awaiting_reconnect', 'unconfirmed', 'completed', 'rejected'] }),
    passwordRotationAt: tstz('password_rotation_at'),
    allowNoPassword: boolean('allow_no_password').notNull().default(false),
    registrationStatus: text('registration_status', { enum: ['accepted', 'pending', 'rejected'] })
      .notNull()
      .default('accepted'),
    ocppVersion: text('ocpp_version'),
    vendor: text('vendor'),
    model: text('model'),
    serialNumber: text('serial_number'),
    firmwareVersion: text('firmware_version'),
    status: text('status'),
    firmwareStatus: text('firmware_status'),
    firmwareStatusAt: tstz('firmware_status_at'),
    diagnosticsStatus: text('diagnostics_status'),
    diagnosticsStatusAt: tstz('diagnostics_status_at'),
    pingIntervalS: integer('ping_interval_s'),
    /** Wrong serial numbers given to claim this pending identity; at the limit only an administrator can claim it. */
    claimFailedAttempts: integer('claim_failed_attempts').notNull().default(0),
    lastSeenAt: tstz('last_seen_at'),
    lastBootAt: tstz('last_boot_at'),
    /** The instance holding this charge point's socket (presence); connected only while that instance's lease runs. */
    connectedInstanceId: text('connected_instance_id'),
    connectedSince: tstz('connected_since'),
    /** Closed by its instance for a restart (1012): commands wait a while for it to reconnect elsewhere. */
    handedOverAt: tstz('handed_over_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('charge_points_identity_key').on(t.identity),
    index('charge_points_owner_idx').on(t.ownerId),
    ownerReadPolicy('charge_points', isOwner(t.ownerId)),
  ],
);

/**
 * A person's usual car at a charge point: their sessions there are matched
 * with it unless they say otherwise (the owner's at home, a driver's at a
 * shared site's charge point). The car is always the person's own.
 */
export const chargePointDefaultVehicles = pgTable(
  'charge_point_default_vehicles',
  {
    userId: userRef(),
    chargePointId: uuid('charge_point_id')
      .notNull()
      .references((): AnyPgColumn => chargePoints.id, { onDelete: 'cascade' }),
    vehicleId: uuid('vehicle_id')
      .notNull()
      .references((): AnyPgColumn => vehicles.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.chargePointId] }),
    index('charge_point_default_vehicles_vehicle_idx').on(t.vehicleId),
    ownerReadPolicy('charge_point_default_vehicles', isOwner(t.userId)),
  ],
);

const ownsChargePoint = (chargePointId: AnyPgColumn) =>
  sql`exists (select 1 from charge_points cp where cp.id = ${chargePointId} and cp.owner_id = (select auth.uid()))`;

/** EVSEs and connectors; OCPP 1.6 connectors use evse_id = connector_id. */
export const connectors = pgTable(
  'connectors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    chargePointId: uuid('charge_point_id')
      .notNull()
      .references(() => chargePoints.id, { onDelete: 'cascade' }),
    evseId: integer('evse_id').notNull(),
    connectorId: integer('connector_id').notNull(),
    status: text('status'),
    errorCode: text('error_code'),
    info: text('info'),
    maxCurrentA: doublePrecision('max_current_a'),
    /** Energy management: off, fast (the site's share), min_solar (the minimum always, plus surplus), solar (surplus only). */
    chargingMode: text('charging_mode', { enum: ['off', 'fast', 'min_solar', 'solar'] }).notNull().default('fast'),
    /** The solar controller's switch state (solar mode): on, since when the surplus covered or missed the minimum, last switch. */
    solarOn: boolean('solar_on').notNull().default(false),
    solarCoveredSince: tstz('solar_covered_since'),
    solarMissingSince: tstz('solar_missing_since'),
    solarSwitchedAt: tstz('solar_switched_at'),
    statusAt: tstz('status_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('connectors_cp_evse_connector_key').on(t.chargePointId, t.evseId, t.connectorId),
    ownerReadPolicy('connectors', ownsChargePoint(t.chargePointId)),
  ],
);

export const idTags = pgTable(
  'id_tags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: userRef('owner_id'),
    tag: text('tag').notNull(),
    label: text('label'),
    status: text('status', { enum: ['Accepted', 'Blocked', 'Expired', 'Invalid'] }).notNull().default('Accepted'),
    expiresAt: tstz('expires_at'),
    parentTag: text('parent_tag'),
    /** Who the tag belongs to: a site member, or free text (apartment 3B) for someone without an account. */
    holder: text('holder'),
    memberId: uuid('member_id').references((): AnyPgColumn => siteMembers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('id_tags_member_idx').on(t.memberId), uniqueIndex('id_tags_owner_tag_key').on(t.ownerId, t.tag), ownerReadPolicy('id_tags', isOwner(t.ownerId))],
);

export const transactions = pgTable(
  'transactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    chargePointId: uuid('charge_point_id')
      .notNull()
      .references(() => chargePoints.id, { onDelete: 'cascade' }),
    evseId: integer('evse_id').notNull(),
    connectorId: integer('connector_id').notNull(),
    /** 1.6: the integer we assigned; 2.0.1: the charge point's string id. */
    ocppTransactionId: text('ocpp_transaction_id').notNull(),
    idTag: text('id_tag'),
    startedAt: tstz('started_at').notNull(),
    stoppedAt: tstz('stopped_at'),
    meterStartWh: doublePrecision('meter_start_wh'),
    meterStopWh: doublePrecision('meter_stop_wh'),
    energyWh: doublePrecision('energy_wh'),
    stopReason: text('stop_reason'),
    cost: numeric('cost', { precision: 12, scale: 4 }),
    currency: text('currency'),
    lastSeqNo: integer('last_seq_no'),
    /** 2.0.1: some event of this transaction was queued while the charge point was offline. */
    offline: boolean('offline').notNull().default(false),
    /** 1.6: connector, idTag, meterStart and timestamp of the StartTransaction, so a replay finds its row. */
    startKey: text('start_key'),
    /** The car on the charger (planner.md): how it was matched, or `ambiguous` (several cars plugged in: ask) / `declined` (the user said not this car). */
    vehicleId: uuid('vehicle_id').references(() => vehicles.id, { onDelete: 'set null' }),
    vehicleMatch: text('vehicle_match', { enum: ['default', 'auto', 'manual', 'ambiguous', 'declined'] }),
    /** The car's battery level when matched and when the session ended, percent; its capacity, kWh. */
    vehicleBatteryStart: smallint('vehicle_battery_start'),
    vehicleBatteryEnd: smallint('vehicle_battery_end'),
    vehicleCapacityKwh: doublePrecision('vehicle_capacity_kwh'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('transactions_vehicle_idx').on(t.vehicleId, t.startedAt),
    uniqueIndex('transactions_cp_ocpp_id_key').on(t.chargePointId, t.ocppTransactionId),
    uniqueIndex('transactions_cp_start_key').on(t.chargePointId, t.startKey),
    index('transactions_cp_started_idx').on(t.chargePointId, t.startedAt),
    ownerReadPolicy('transactions', ownsChargePoint(t.chargePointId)),
  ],
);

/** The integer transaction ids we hand out to OCPP 1.6 charge points. */
export const ocpp16TransactionIds = pgSequence('ocpp16_transaction_id_seq', { startWith: 1, maxValue: 2147483647 });

/** One row per sampled value; the unique key makes resent values harmless. */
export const meterValues = pgTable(
  'meter_values',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chargePointId: uuid('charge_point_id')
      .notNull()
      .references(() => chargePoints.id, { onDelete: 'cascade' }),
    transactionId: uuid('transaction_id').references(() => transactions.id, { onDelete: 'set null' }),
    evseId: integer('evse_id').notNull(),
    sampledAt: tstz('sampled_at').notNull(),
    measurand: text('measurand').notNull(),
    phase: text('phase').notNull().default(''),
    location: text('location').notNull().default(''),
    context: text('context'),
    unit: text('unit'),
    value: doublePrecision('value').notNull(),
    /** 2.0.1 signedMeterValue as sent (signedMeterData, signingMethod, encodingMethod, publicKey), for calibration-law checks. */
    signedMeterValue: jsonb('signed_meter_value').$type<Record<string, unknown>>(),
  },
  (t) => [
    uniqueIndex('meter_values_sample_key').on(t.chargePointId, t.evseId, t.sampledAt, t.measurand, t.phase, t.location),
    index('meter_values_tx_idx').on(t.transactionId),
    ownerReadPolicy('meter_values', ownsChargePoint(t.chargePointId)),
  ],
);

/** Messages worth keeping as they came: DataTransfer, reports, events, security and log/firmware notices. */
export const chargePointEvents = pgTable(
  'charge_point_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chargePointId: uuid('charge_point_id')
      .notNull()
      .references(() => chargePoints.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    payload: jsonb('payload').notNull(),
    receivedAt: tstz('received_at').notNull(),
  },
  (t) => [
    index('charge_point_events_cp_idx').on(t.chargePointId, t.receivedAt),
    ownerReadPolicy('charge_point_events', ownsChargePoint(t.chargePointId)),
  ],
);

/**
 * The troubleshooting log: every OCPP frame either way (calls, their results
 * and CALLERRORs), written in batches off the answer's path (message-log.ts),
 * payloads capped, kept within the same per-charge-point limits as
 * charge_point_events. Rows are never read back by the protocol.
 */
export const ocppMessages = pgTable(
  'ocpp_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chargePointId: uuid('charge_point_id')
      .notNull()
      .references(() => chargePoints.id, { onDelete: 'cascade' }),
    /** 'in': sent by the charge point; 'out': sent by us. */
    direction: text('direction').notNull(),
    /** 'call', 'result', 'error' (CALLERROR) or 'invalid' (not an OCPP-J frame). */
    kind: text('kind').notNull(),
    /** The OCPP message id that pairs a call with its answer. */
    messageId: text('message_id'),
    /** A result's or error's action is its call's; null when unknown. */
    action: text('action'),
    payload: jsonb('payload').notNull(),
    at: tstz('at').notNull(),
  },
  (t) => [index('ocpp_messages_cp_id_idx').on(t.chargePointId, t.id), ownerReadPolicy('ocpp_messages', ownsChargePoint(t.chargePointId))],
);

/** What the charge point's local authorization list holds, as far as we know: the last list it accepted from us. */
export const chargePointLocalLists = pgTable(
  'charge_point_local_lists',
  {
    chargePointId: uuid('charge_point_id')
      .primaryKey()
      .references(() => chargePoints.id, { onDelete: 'cascade' }),
    /** The version of the last list the charge point accepted (0 = none). */
    version: integer('version').notNull().default(0),
    /** Those entries, keyed by tag, so that the next differential update sends only the changes. */
    entries: jsonb('entries').$type<Record<string, Record<string, unknown>>>(),
    sentAt: tstz('sent_at'),
    /** The version the charge point last reported with GetLocalListVersion (-1: not supported in 1.6 terms). */
    reportedVersion: integer('reported_version'),
    reportedAt: tstz('reported_at'),
  },
  (t) => [ownerReadPolicy('charge_point_local_lists', ownsChargePoint(t.chargePointId))],
);

/**
 * Load balancing: the current limit of each balanced session, shared by every
 * instance. `accepted_a` is what the charge point may hold for the
 * transaction (a TxProfile outlives its socket), so any instance can count it
 * in the site's sum, and a new socket (maybe on another instance) gets it again.
 */
export const loadLimits = pgTable(
  'load_limits',
  {
    transactionId: uuid('transaction_id')
      .primaryKey()
      .references(() => transactions.id, { onDelete: 'cascade' }),
    /** The site that set it. No reference: a deleted site's limits must still be cleared. */
    siteId: uuid('site_id').notNull(),
    chargePointId: uuid('charge_point_id')
      .notNull()
      .references(() => chargePoints.id, { onDelete: 'cascade' }),
    evseId: integer('evse_id').notNull(),
    /** Its share in the site's current allocation; null: none now (offline or idle), it keeps its limit. */
    allocatedA: doublePrecision('allocated_a'),
    /** The highest limit it may hold: the last accepted one, or higher if a higher one went unanswered. Null: none. */
    acceptedA: doublePrecision('accepted_a'),
    /** The connection that accepted it (instance and its connected_since): another socket gets it again. */
    instanceId: text('instance_id'),
    connectedSince: tstz('connected_since'),
    /** The answer to the last SetChargingProfile (Accepted, Rejected) or why there was none (offline, timeout). */
    status: text('status').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [index('load_limits_site_idx').on(t.siteId), ownerReadPolicy('load_limits', ownsChargePoint(t.chargePointId))],
);

/** Prices (and optionally a solar forecast) pushed for a site, e.g. by Home Assistant from Nordpool or Tibber. */
export const sitePrices = pgTable(
  'site_prices',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    startAt: tstz('start_at').notNull(),
    endAt: tstz('end_at').notNull(),
    pricePerKwh: doublePrecision('price_per_kwh').notNull(),
    pvForecastW: doublePrecision('pv_forecast_w'),
    receivedAt: tstz('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.startAt] }),
    ownerReadPolicy('site_prices', sql`exists (select 1 from sites s where s.id = ${t.siteId} and s.owner_id = (select auth.uid()))`),
  ],
);

/** A session's charging plan: what the user asked for, the last computed plan and the profile that carries it. */
export const chargePlans = pgTable(
  'charge_plans',
  {
    transactionId: uuid('transaction_id')
      .primaryKey()
      .references(() => transactions.id, { onDelete: 'cascade' }),
    chargePointId: uuid('charge_point_id')
      .notNull()
      .references(() => chargePoints.id, { onDelete: 'cascade' }),
    vehicleId: uuid('vehicle_id').references(() => vehicles.id, { onDelete: 'set null' }),
    targetLevel: smallint('target_level').notNull(),
    departure: tstz('departure').notNull(),
    strategy: text('strategy', { enum: ['cheapest', 'greenest'] }).notNull().default('cheapest'),
    /** The last computed plan (slots, cost, reachable, earliest), as the API shows it. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    computedAt: tstz('computed_at'),
    /** The windows the session's TxProfile lets it charge in ({ startAt, on: [{ start, end }], until }); load balancing sends them too. */
    mask: jsonb('mask').$type<{ startAt: string; on: Array<{ start: string; end: string }>; until: string }>(),
    /** The charge point's answer to the plan's SetChargingProfile, or why there was none. */
    profileStatus: text('profile_status'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('charge_plans_cp_idx').on(t.chargePointId), ownerReadPolicy('charge_plans', ownsChargePoint(t.chargePointId))],
);

/**
 * Energy management: a site's latest live measurement (one row per site, each
 * push replaces it), pushed by Home Assistant or anything with a key. Powers
 * in W, positive into the site (grid import, solar production, battery discharge).
 */
export const siteMeasurements = pgTable(
  'site_measurements',
  {
    siteId: uuid('site_id')
      .primaryKey()
      .references(() => sites.id, { onDelete: 'cascade' }),
    gridPowerW: doublePrecision('grid_power_w').notNull(),
    pvPowerW: doublePrecision('pv_power_w'),
    batteryPowerW: doublePrecision('battery_power_w'),
    /** The live maximum per phase (main fuse, grid operator's curtailment); used only while fresh. */
    maxImportA: doublePrecision('max_import_a'),
    /** What our sessions drew at the time (W), as the controller saw it. */
    chargersPowerW: doublePrecision('chargers_power_w').notNull().default(0),
    /**
     * What the sessions in solar modes drew (A per phase) when the controller first saw this
     * measurement: the grid power includes that draw, so later runs on the same measurement add
     * back this, not what they draw since (which would count their own increase as surplus).
     */
    solarDrawA: doublePrecision('solar_draw_a'),
    measuredAt: tstz('measured_at').notNull(),
    /** Who pushed it: the API key's name, or "app". */
    source: text('source').notNull(),
  },
  (t) => [ownerReadPolicy('site_measurements', sql`exists (select 1 from sites s where s.id = ${t.siteId} and s.owner_id = (select auth.uid()))`)],
);

/** Today's (and earlier days') energy by source per site, in the site's local days: one row per site and day, integrated from measurements. */
export const siteEnergyDays = pgTable(
  'site_energy_days',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    gridImportWh: doublePrecision('grid_import_wh').notNull().default(0),
    gridExportWh: doublePrecision('grid_export_wh').notNull().default(0),
    pvWh: doublePrecision('pv_wh').notNull().default(0),
    batteryDischargeWh: doublePrecision('battery_discharge_wh').notNull().default(0),
    batteryChargeWh: doublePrecision('battery_charge_wh').notNull().default(0),
    chargersWh: doublePrecision('chargers_wh').notNull().default(0),
    chargersSolarWh: doublePrecision('chargers_solar_wh').notNull().default(0),
    chargersBatteryWh: doublePrecision('chargers_battery_wh').notNull().default(0),
    chargersGridWh: doublePrecision('chargers_grid_wh').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.day] }),
    ownerReadPolicy('site_energy_days', sql`exists (select 1 from sites s where s.id = ${t.siteId} and s.owner_id = (select auth.uid()))`),
  ],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** Firmware updates and diagnostics/log uploads we asked for, with the progress the charge point reported. */
export const chargePointOperations = pgTable(
  'charge_point_operations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    chargePointId: uuid('charge_point_id')
      .notNull()
      .references(() => chargePoints.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['firmware', 'diagnostics'] }).notNull(),
    action: text('action').notNull(),
    /** 2.0.1 requestId, echoed in the status notifications. */
    requestId: integer('request_id'),
    location: text('location').notNull(),
    /** The command's answer status, then each reported status. */
    status: text('status').notNull(),
    statusAt: tstz('status_at').notNull(),
    history: jsonb('history').$type<{ status: string; at: string }[]>().notNull().default([]),
    fileName: text('file_name'),
    /** SHA-256 of the one-time token of an upload to this server; cleared once used. */
    uploadTokenHash: text('upload_token_hash'),
    upload: bytea('upload'),
    uploadSize: integer('upload_size'),
    uploadedAt: tstz('uploaded_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('charge_point_operations_cp_idx').on(t.chargePointId, t.kind, t.createdAt),
    uniqueIndex('charge_point_operations_token_key').on(t.uploadTokenHash),
    ownerReadPolicy('charge_point_operations', ownsChargePoint(t.chargePointId)),
  ],
);

// ---------------------------------------------------------------- Home Assistant push

export const haPushTargets = pgTable(
  'ha_push_targets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: userRef(),
    vehicleId: uuid('vehicle_id').references(() => vehicles.id, { onDelete: 'cascade' }),
    chargePointId: uuid('charge_point_id').references(() => chargePoints.id, { onDelete: 'cascade' }),
    /** The id the integration registered (Enode or internal), echoed in pushes. */
    registeredVehicleId: text('registered_vehicle_id'),
    webhookId: text('webhook_id').notNull(),
    externalUrl: text('external_url').notNull(),
    isEnabled: boolean('is_enabled').notNull().default(true),
    disabledReason: text('disabled_reason'),
    lastSuccessAt: tstz('last_success_at'),
    lastErrorAt: tstz('last_error_at'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('ha_push_targets_user_idx').on(t.userId),
    uniqueIndex('ha_push_targets_vehicle_webhook_key').on(t.vehicleId, t.webhookId),
    uniqueIndex('ha_push_targets_charge_point_webhook_key').on(t.chargePointId, t.webhookId),
    check('ha_push_targets_one_subject', sql`num_nonnulls(${t.vehicleId}, ${t.chargePointId}) = 1`),
    ownerReadPolicy('ha_push_targets', isOwner(t.userId)),
  ],
);

export const haPushDeliveries = pgTable(
  'ha_push_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    targetId: uuid('target_id')
      .notNull()
      .references(() => haPushTargets.id, { onDelete: 'cascade' }),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed', 'superseded'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
    responseStatus: smallint('response_status'),
    responseBody: text('response_body'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: tstz('delivered_at'),
  },
  (t) => [
    index('ha_push_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('ha_push_deliveries_target_idx').on(t.targetId, t.createdAt),
    ownerReadPolicy(
      'ha_push_deliveries',
      sql`exists (select 1 from ha_push_targets h where h.id = ${t.targetId} and h.user_id = (select auth.uid()))`,
    ),
  ],
);

// ---------------------------------------------------------------- notifications for people

/** The channels a notification can go out on. */
export const NOTIFICATION_CHANNELS = ['email', 'ntfy', 'webpush', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * One user's choices: which events go out on which channel (missing =
 * the default), where ntfy messages go, and quiet hours in their time zone.
 */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: userRef().primaryKey(),
    /** { [event group]: { [channel]: boolean } }; only what the user changed from the defaults. */
    choices: jsonb('choices').$type<Record<string, Partial<Record<NotificationChannel, boolean>>>>().notNull().default({}),
    ntfyUrl: text('ntfy_url'),
    /** Minutes after local midnight; both null = no quiet hours. */
    quietStart: smallint('quiet_start'),
    quietEnd: smallint('quiet_end'),
    timeZone: text('time_zone').notNull().default('UTC'),
    updatedAt: updatedAt(),
  },
  (t) => [ownerReadPolicy('notification_preferences', isOwner(t.userId))],
);

/** A browser or installed app that subscribed to Web Push (one per endpoint; a 404/410 from its push service removes it). */
export const webPushSubscriptions = pgTable(
  'web_push_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: userRef(),
    endpoint: text('endpoint').notNull(),
    /** The browser's P-256 public key and auth secret (base64url), for RFC 8291 encryption. */
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('web_push_subscriptions_endpoint_key').on(t.endpoint),
    index('web_push_subscriptions_user_idx').on(t.userId),
    ownerReadPolicy('web_push_subscriptions', isOwner(t.userId)),
  ],
);

/**
 * A user's mobile number for SMS: `phone` is verified (notifications go only
 * there); `pendingPhone` waits for the code we texted it (hash only, an
 * expiry and a count of wrong guesses).
 */
export const smsPhones = pgTable(
  'sms_phones',
  {
    userId: userRef().primaryKey(),
    /** E.164, verified. */
    phone: text('phone'),
    verifiedAt: tstz('verified_at'),
    pendingPhone: text('pending_phone'),
    codeHash: text('code_hash'),
    codeExpiresAt: tstz('code_expires_at'),
    codeFailures: smallint('code_failures').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [ownerReadPolicy('sms_phones', isOwner(t.userId))],
);

/**
 * A state that lasts (a charge point offline, a fault, a session without
 * energy): one open row per kind and subject, so however often it is seen
 * (every scan, every instance, after restarts) it is opened once and closed
 * once, and each of those sends at most one alert.
 */
export const notificationIncidents = pgTable(
  'notification_incidents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: userRef(),
    kind: text('kind', { enum: ['offline', 'faulted', 'no_energy'] }).notNull(),
    /** The charge point (offline, faulted) or transaction (no_energy) it is about. */
    subjectId: uuid('subject_id').notNull(),
    openedAt: tstz('opened_at').notNull().defaultNow(),
    closedAt: tstz('closed_at'),
  },
  (t) => [
    uniqueIndex('notification_incidents_open_key').on(t.kind, t.subjectId).where(sql`${t.closedAt} is null`),
    ownerReadPolicy('notification_incidents', isOwner(t.userId)),
  ],
);

/**
 * The outbox: one row per (user, event, incident, channel), written after
 * the event's commit and sent by the notifications job. The unique key makes
 * a repeated event a no-op; `sending` marks a row whose send may have
 * happened (a crash then leaves it in doubt, never sent again).
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: userRef(),
    kind: text('kind').notNull(),
    incidentKey: text('incident_key').notNull(),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    /** The facts the templates render (names, energy, times), fixed when queued. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** `no_credits`: an SMS with no credit left to pay for it (final, shown in the history). */
    status: text('status', { enum: ['queued', 'sending', 'sent', 'failed', 'skipped', 'no_credits'] }).notNull().default('queued'),
    /** The provider's id of what was sent (Twilio's message SID), when it gave one. */
    externalId: text('external_id'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
    claimedAt: tstz('claimed_at'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: tstz('sent_at'),
  },
  (t) => [
    uniqueIndex('notification_deliveries_incident_key').on(t.userId, t.kind, t.incidentKey, t.channel),
    index('notification_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('notification_deliveries_user_idx').on(t.userId, t.createdAt),
    index('notification_deliveries_created_idx').on(t.createdAt),
    ownerReadPolicy('notification_deliveries', isOwner(t.userId)),
  ],
);

// ---------------------------------------------------------------- audit

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    details: jsonb('details'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_created_idx').on(t.createdAt)],
).enableRLS();

export type User = typeof users.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type ChargePoint = typeof chargePoints.$inferSelect;
export type Vehicle = typeof vehicles.$inferSelect;
export type HaPushTarget = typeof haPushTargets.$inferSelect;
export type Connector = typeof connectors.$inferSelect;
export type IdTag = typeof idTags.$inferSelect;
export type Transaction = typeof transactions.$inferSelect;
export type Subscription = typeof subscriptions.$inferSelect;
export type Site = typeof sites.$inferSelect;
export type Tariff = typeof tariffs.$inferSelect;
export type ChargePointOperation = typeof chargePointOperations.$inferSelect;
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;
export type NotificationPreferences = typeof notificationPreferences.$inferSelect;

// ---------------------------------------------------------------- invoices (src/server/invoices)

/** The last invoice number issued per site: locked and raised in the same transaction as the invoices it numbers (gapless). */
export const invoiceCounters = pgTable('invoice_counters', {
  siteId: uuid('site_id')
    .primaryKey()
    .references(() => sites.id, { onDelete: 'cascade' }),
  lastNumber: integer('last_number').notNull().default(0),
}).enableRLS();

/** Amounts per invoice line, as issued (immutable). */
export interface InvoiceLine {
  transaction_id: string;
  charge_point: string;
  id_tag: string;
  started_at: string;
  stopped_at: string | null;
  /** Per price: the session's energy inside the month at that price. */
  periods: { price_per_kwh: string; energy_kwh: string; amount: string }[];
}

/** The seller as the owner entered it when the invoice was issued. */
export interface InvoiceSeller {
  site_name: string;
  legal_name: string | null;
  legal_address: string | null;
  vat_id: string | null;
}

/**
 * Issued invoices and credit notes, per site, month and person billed (a
 * member, or an id tag's free-text holder). Content never changes after
 * issue; only the state (open, paid, void), the e-mail's delivery and the
 * mark that a credit note cancelled it do.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    kind: text('kind', { enum: ['invoice', 'credit_note'] }).notNull(),
    /** A credit note: the invoice it cancels. */
    creditsInvoiceId: uuid('credits_invoice_id').references((): AnyPgColumn => invoices.id, { onDelete: 'cascade' }),
    /** An invoice a credit note cancelled: its month may be issued again for the same person. */
    creditedAt: tstz('credited_at'),
    month: text('month').notNull(),
    timeZone: text('time_zone').notNull(),
    /** Who is billed: `member:<id>` or `holder:<normalised text>`. */
    billKey: text('bill_key').notNull(),
    memberId: uuid('member_id').references(() => siteMembers.id, { onDelete: 'set null' }),
    recipientName: text('recipient_name').notNull(),
    recipientEmail: text('recipient_email'),
    currency: text('currency').notNull(),
    /** Exact decimals in the currency (numeric, never floats). */
    energyKwh: numeric('energy_kwh', { precision: 14, scale: 3 }).notNull(),
    net: numeric('net', { precision: 14, scale: 4 }).notNull(),
    vatRatePercent: numeric('vat_rate_percent', { precision: 5, scale: 2 }).notNull(),
    vat: numeric('vat', { precision: 14, scale: 4 }).notNull(),
    total: numeric('total', { precision: 14, scale: 4 }).notNull(),
    seller: jsonb('seller').$type<InvoiceSeller>().notNull(),
    lines: jsonb('lines').$type<InvoiceLine[]>().notNull(),
    status: text('status', { enum: ['open', 'paid', 'void'] })
      .notNull()
      .default('open'),
    statusChangedAt: tstz('status_changed_at'),
    /** The e-mail with the PDF: `pending` until the mail job sent it; `none` without an address. */
    emailStatus: text('email_status', { enum: ['pending', 'sending', 'sent', 'failed', 'none'] }).notNull(),
    emailAttempts: integer('email_attempts').notNull().default(0),
    emailNextAt: tstz('email_next_at'),
    emailError: text('email_error'),
    issuedAt: tstz('issued_at').notNull(),
    issuedBy: uuid('issued_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('invoices_site_number_key').on(t.siteId, t.number),
    uniqueIndex('invoices_site_month_bill_key')
      .on(t.siteId, t.month, t.billKey, t.currency)
      .where(sql`${t.kind} = 'invoice' and ${t.creditedAt} is null`),
    uniqueIndex('invoices_credits_key').on(t.creditsInvoiceId),
    index('invoices_member_idx').on(t.memberId),
    index('invoices_email_idx').on(t.emailStatus, t.emailNextAt),
  ],
).enableRLS();

export type Invoice = typeof invoices.$inferSelect;
