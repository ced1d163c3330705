CREATE TABLE "charge_point_local_lists" (
	"charge_point_id" uuid PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"entries" jsonb,
	"sent_at" timestamp with time zone,
	"reported_version" integer,
	"reported_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "charge_point_local_lists" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "charge_point_operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"charge_point_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"action" text NOT NULL,
	"request_id" integer,
	"location" text NOT NULL,
	"status" text NOT NULL,
	"status_at" timestamp with time zone NOT NULL,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"file_name" text,
	"upload_token_hash" text,
	"upload" "bytea",
	"upload_size" integer,
	"uploaded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "charge_point_operations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
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
ALTER TABLE "charge_point_local_lists" ADD CONSTRAINT "charge_point_local_lists_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_point_operations" ADD CONSTRAINT "charge_point_operations_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "charge_point_operations_cp_idx" ON "charge_point_operations" USING btree ("charge_point_id","kind","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "charge_point_operations_token_key" ON "charge_point_operations" USING btree ("upload_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_source_delivery_key" ON "webhook_deliveries" USING btree ("source","delivery_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received_idx" ON "webhook_deliveries" USING btree ("source","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ha_push_targets_charge_point_webhook_key" ON "ha_push_targets" USING btree ("charge_point_id","webhook_id");--> statement-breakpoint
ALTER TABLE "ha_push_targets" ADD CONSTRAINT "ha_push_targets_one_subject" CHECK (num_nonnulls("ha_push_targets"."vehicle_id", "ha_push_targets"."charge_point_id") = 1);--> statement-breakpoint
CREATE POLICY "charge_point_local_lists_owner_read" ON "charge_point_local_lists" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from charge_points cp where cp.id = "charge_point_local_lists"."charge_point_id" and cp.owner_id = (select auth.uid())));--> statement-breakpoint
CREATE POLICY "charge_point_operations_owner_read" ON "charge_point_operations" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from charge_points cp where cp.id = "charge_point_operations"."charge_point_id" and cp.owner_id = (select auth.uid())));