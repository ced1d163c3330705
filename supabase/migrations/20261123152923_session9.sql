CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"delivery_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"event_count" integer NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"event_types" jsonb NOT NULL,
	"status" text NOT NULL,
	"outcomes" jsonb NOT NULL,
	"error" text,
	"processing_ms" integer
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "pending_password_hash" text;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "password_rotation_status" text;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "password_rotation_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "vehicle_charging_sessions" ADD COLUMN "last_sample_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "vehicle_charging_sessions" ADD COLUMN "last_charge_rate_kw" double precision;--> statement-breakpoint
ALTER TABLE "vehicle_charging_sessions" ADD COLUMN "rate_energy_kwh" double precision;--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_source_delivery_key" ON "webhook_deliveries" USING btree ("source","delivery_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received_idx" ON "webhook_deliveries" USING btree ("source","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ha_push_targets_charge_point_webhook_key" ON "ha_push_targets" USING btree ("charge_point_id","webhook_id");--> statement-breakpoint
ALTER TABLE "ha_push_targets" ADD CONSTRAINT "ha_push_targets_one_subject" CHECK (num_nonnulls("ha_push_targets"."vehicle_id", "ha_push_targets"."charge_point_id") = 1);