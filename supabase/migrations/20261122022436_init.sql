CREATE TABLE "api_call_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"api_key_id" uuid,
	"endpoint" text NOT NULL,
	"status" smallint NOT NULL,
	"counted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_call_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "api_usage" (
	"user_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	"tokens_spent" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "api_usage_user_id_period_start_pk" PRIMARY KEY("user_id","period_start")
);
--> statement-breakpoint
ALTER TABLE "api_usage" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"subject_type" text,
	"subject_id" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "auth_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auth_tokens" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "charge_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid,
	"site_id" uuid,
	"tariff_id" uuid,
	"identity" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"allow_no_password" boolean DEFAULT false NOT NULL,
	"registration_status" text DEFAULT 'accepted' NOT NULL,
	"ocpp_version" text,
	"vendor" text,
	"model" text,
	"serial_number" text,
	"firmware_version" text,
	"status" text,
	"ping_interval_s" integer,
	"last_seen_at" timestamp with time zone,
	"last_boot_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "charge_points" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "connectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"charge_point_id" uuid NOT NULL,
	"evse_id" integer NOT NULL,
	"connector_id" integer NOT NULL,
	"status" text,
	"error_code" text,
	"max_current_a" double precision,
	"status_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connectors" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enode_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"vendor" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"status_reason" text,
	"link_token" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "enode_links" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "ha_push_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"target_id" uuid NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"response_status" smallint,
	"response_body" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "ha_push_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "ha_push_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"vehicle_id" uuid,
	"charge_point_id" uuid,
	"registered_vehicle_id" text,
	"webhook_id" text NOT NULL,
	"external_url" text NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"last_success_at" timestamp with time zone,
	"last_error_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ha_push_targets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "id_tags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"tag" text NOT NULL,
	"label" text,
	"status" text DEFAULT 'Accepted' NOT NULL,
	"expires_at" timestamp with time zone,
	"parent_tag" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "id_tags" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "local_credentials" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"email_verified_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "local_credentials" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "meter_values" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"charge_point_id" uuid NOT NULL,
	"transaction_id" uuid,
	"evse_id" integer NOT NULL,
	"sampled_at" timestamp with time zone NOT NULL,
	"measurand" text NOT NULL,
	"phase" text DEFAULT '' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"context" text,
	"unit" text,
	"value" double precision NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meter_values" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"max_current_a" double precision,
	"phases" smallint DEFAULT 3 NOT NULL,
	"min_current_per_session_a" double precision DEFAULT 6 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sites" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"tier" text NOT NULL,
	"interval" text,
	"price_lookup_key" text,
	"current_period_end" timestamp with time zone,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"trial_end" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "subscriptions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tariffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"price_per_kwh" numeric(10, 4) NOT NULL,
	"currency" text NOT NULL,
	"time_blocks" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tariffs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"charge_point_id" uuid NOT NULL,
	"evse_id" integer NOT NULL,
	"connector_id" integer NOT NULL,
	"ocpp_transaction_id" text NOT NULL,
	"id_tag" text,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	"meter_start_wh" double precision,
	"meter_stop_wh" double precision,
	"energy_wh" double precision,
	"stop_reason" text,
	"cost" numeric(12, 4),
	"currency" text,
	"last_seq_no" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "transactions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"role" text DEFAULT 'user' NOT NULL,
	"is_approved" boolean DEFAULT true NOT NULL,
	"tier" text DEFAULT 'free' NOT NULL,
	"trial_ends_at" timestamp with time zone,
	"trial_used_at" timestamp with time zone,
	"api_tokens" integer DEFAULT 0 NOT NULL,
	"stripe_customer_id" text,
	"electricity_cost_per_kwh" numeric(10, 4),
	"currency" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_api_tokens_nonnegative" CHECK ("users"."api_tokens" >= 0)
);
--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "vehicle_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"vehicle_id" uuid NOT NULL,
	"enode_action_id" text,
	"kind" text NOT NULL,
	"state" text DEFAULT 'PENDING' NOT NULL,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vehicle_actions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "vehicle_charging_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"vehicle_id" uuid NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone,
	"energy_added_kwh" double precision,
	"battery_level_start" smallint,
	"battery_level_end" smallint,
	"cost_per_kwh" numeric(10, 4),
	"total_cost" numeric(12, 4),
	"currency" text,
	"station_name" text,
	"latitude" double precision,
	"longitude" double precision,
	"odometer_km" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vehicle_charging_sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "vehicle_samples" (
	"vehicle_id" uuid NOT NULL,
	"sampled_at" timestamp with time zone NOT NULL,
	"battery_level" smallint,
	"range_km" double precision,
	"is_charging" boolean,
	"is_plugged_in" boolean,
	"charge_rate_kw" double precision,
	"odometer_km" double precision,
	"latitude" double precision,
	"longitude" double precision,
	CONSTRAINT "vehicle_samples_vehicle_id_sampled_at_pk" PRIMARY KEY("vehicle_id","sampled_at")
);
--> statement-breakpoint
ALTER TABLE "vehicle_samples" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "vehicles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"enode_vehicle_id" text NOT NULL,
	"vendor" text,
	"display_name" text,
	"vin" text,
	"brand" text,
	"model" text,
	"year" smallint,
	"state" jsonb,
	"last_seen" timestamp with time zone,
	"is_reachable" boolean,
	"fetched_at" timestamp with time zone,
	"update_strategy" text DEFAULT 'webhook' NOT NULL,
	"poll_interval_minutes" integer,
	"is_simulated" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vehicles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"event_type" text,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"outcome" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "webhook_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "api_call_log" ADD CONSTRAINT "api_call_log_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_call_log" ADD CONSTRAINT "api_call_log_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_usage" ADD CONSTRAINT "api_usage_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD CONSTRAINT "auth_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_points" ADD CONSTRAINT "charge_points_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_points" ADD CONSTRAINT "charge_points_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_points" ADD CONSTRAINT "charge_points_tariff_id_tariffs_id_fk" FOREIGN KEY ("tariff_id") REFERENCES "public"."tariffs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enode_links" ADD CONSTRAINT "enode_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ha_push_deliveries" ADD CONSTRAINT "ha_push_deliveries_target_id_ha_push_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."ha_push_targets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ha_push_targets" ADD CONSTRAINT "ha_push_targets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ha_push_targets" ADD CONSTRAINT "ha_push_targets_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ha_push_targets" ADD CONSTRAINT "ha_push_targets_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "id_tags" ADD CONSTRAINT "id_tags_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "local_credentials" ADD CONSTRAINT "local_credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_values" ADD CONSTRAINT "meter_values_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_values" ADD CONSTRAINT "meter_values_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariffs" ADD CONSTRAINT "tariffs_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_id_users_id_fk" FOREIGN KEY ("id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicle_actions" ADD CONSTRAINT "vehicle_actions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicle_actions" ADD CONSTRAINT "vehicle_actions_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicle_charging_sessions" ADD CONSTRAINT "vehicle_charging_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicle_charging_sessions" ADD CONSTRAINT "vehicle_charging_sessions_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicle_samples" ADD CONSTRAINT "vehicle_samples_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicles" ADD CONSTRAINT "vehicles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_call_log_user_created_idx" ON "api_call_log" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_user_idx" ON "api_keys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_created_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "auth_tokens_hash_key" ON "auth_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "auth_tokens_user_idx" ON "auth_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "charge_points_identity_key" ON "charge_points" USING btree ("identity");--> statement-breakpoint
CREATE INDEX "charge_points_owner_idx" ON "charge_points" USING btree ("owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "connectors_cp_evse_connector_key" ON "connectors" USING btree ("charge_point_id","evse_id","connector_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enode_links_user_vendor_key" ON "enode_links" USING btree ("user_id","vendor");--> statement-breakpoint
CREATE INDEX "ha_push_deliveries_due_idx" ON "ha_push_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "ha_push_deliveries_target_idx" ON "ha_push_deliveries" USING btree ("target_id","created_at");--> statement-breakpoint
CREATE INDEX "ha_push_targets_user_idx" ON "ha_push_targets" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "id_tags_owner_tag_key" ON "id_tags" USING btree ("owner_id","tag");--> statement-breakpoint
CREATE UNIQUE INDEX "meter_values_sample_key" ON "meter_values" USING btree ("charge_point_id","evse_id","sampled_at","measurand","phase","location");--> statement-breakpoint
CREATE INDEX "meter_values_tx_idx" ON "meter_values" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sites_owner_idx" ON "sites" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "subscriptions_user_idx" ON "subscriptions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "tariffs_owner_idx" ON "tariffs" USING btree ("owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "transactions_cp_ocpp_id_key" ON "transactions" USING btree ("charge_point_id","ocpp_transaction_id");--> statement-breakpoint
CREATE INDEX "transactions_cp_started_idx" ON "transactions" USING btree ("charge_point_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_stripe_customer_key" ON "users" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vehicle_actions_enode_key" ON "vehicle_actions" USING btree ("enode_action_id");--> statement-breakpoint
CREATE INDEX "vehicle_sessions_user_start_idx" ON "vehicle_charging_sessions" USING btree ("user_id","start_time");--> statement-breakpoint
CREATE UNIQUE INDEX "vehicle_sessions_vehicle_start_key" ON "vehicle_charging_sessions" USING btree ("vehicle_id","start_time");--> statement-breakpoint
CREATE UNIQUE INDEX "vehicles_enode_id_key" ON "vehicles" USING btree ("enode_vehicle_id");--> statement-breakpoint
CREATE INDEX "vehicles_user_idx" ON "vehicles" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_source_external_key" ON "webhook_events" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "webhook_events_received_idx" ON "webhook_events" USING btree ("source","received_at");--> statement-breakpoint
CREATE POLICY "api_call_log_owner_read" ON "api_call_log" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("api_call_log"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "api_keys_owner_read" ON "api_keys" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("api_keys"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "api_usage_owner_read" ON "api_usage" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("api_usage"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "charge_points_owner_read" ON "charge_points" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("charge_points"."owner_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "connectors_owner_read" ON "connectors" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from charge_points cp where cp.id = "connectors"."charge_point_id" and cp.owner_id = (select auth.uid())));--> statement-breakpoint
CREATE POLICY "enode_links_owner_read" ON "enode_links" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("enode_links"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "ha_push_deliveries_owner_read" ON "ha_push_deliveries" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from ha_push_targets h where h.id = "ha_push_deliveries"."target_id" and h.user_id = (select auth.uid())));--> statement-breakpoint
CREATE POLICY "ha_push_targets_owner_read" ON "ha_push_targets" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("ha_push_targets"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "id_tags_owner_read" ON "id_tags" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("id_tags"."owner_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "meter_values_owner_read" ON "meter_values" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from charge_points cp where cp.id = "meter_values"."charge_point_id" and cp.owner_id = (select auth.uid())));--> statement-breakpoint
CREATE POLICY "sites_owner_read" ON "sites" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("sites"."owner_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "subscriptions_owner_read" ON "subscriptions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("subscriptions"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "tariffs_owner_read" ON "tariffs" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("tariffs"."owner_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "transactions_owner_read" ON "transactions" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from charge_points cp where cp.id = "transactions"."charge_point_id" and cp.owner_id = (select auth.uid())));--> statement-breakpoint
CREATE POLICY "users_owner_read" ON "users" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("users"."id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "vehicle_actions_owner_read" ON "vehicle_actions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("vehicle_actions"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "vehicle_charging_sessions_owner_read" ON "vehicle_charging_sessions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("vehicle_charging_sessions"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "vehicle_samples_owner_read" ON "vehicle_samples" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from vehicles v where v.id = "vehicle_samples"."vehicle_id" and v.user_id = (select auth.uid())));--> statement-breakpoint
CREATE POLICY "vehicles_owner_read" ON "vehicles" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("vehicles"."user_id" = (select auth.uid()));