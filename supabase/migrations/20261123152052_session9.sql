ALTER TABLE "charge_points" ADD COLUMN "pending_password_hash" text;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "password_rotation_status" text;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "password_rotation_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "ha_push_targets_charge_point_webhook_key" ON "ha_push_targets" USING btree ("charge_point_id","webhook_id");--> statement-breakpoint
ALTER TABLE "ha_push_targets" ADD CONSTRAINT "ha_push_targets_one_subject" CHECK (num_nonnulls("ha_push_targets"."vehicle_id", "ha_push_targets"."charge_point_id") = 1);