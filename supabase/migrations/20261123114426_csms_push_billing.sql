CREATE SEQUENCE "public"."ocpp16_transaction_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "billing_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "billing_notices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "charge_point_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"charge_point_id" uuid NOT NULL,
	"action" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "charge_point_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "firmware_status" text;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "firmware_status_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "diagnostics_status" text;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "diagnostics_status_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "info" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "past_due_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "offline" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "start_key" text;--> statement-breakpoint
ALTER TABLE "billing_notices" ADD CONSTRAINT "billing_notices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_point_events" ADD CONSTRAINT "charge_point_events_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_notices_user_idx" ON "billing_notices" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "charge_point_events_cp_idx" ON "charge_point_events" USING btree ("charge_point_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ha_push_targets_vehicle_webhook_key" ON "ha_push_targets" USING btree ("vehicle_id","webhook_id");--> statement-breakpoint
CREATE UNIQUE INDEX "transactions_cp_start_key" ON "transactions" USING btree ("charge_point_id","start_key");--> statement-breakpoint
CREATE POLICY "billing_notices_owner_read" ON "billing_notices" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("billing_notices"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "charge_point_events_owner_read" ON "charge_point_events" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from charge_points cp where cp.id = "charge_point_events"."charge_point_id" and cp.owner_id = (select auth.uid())));