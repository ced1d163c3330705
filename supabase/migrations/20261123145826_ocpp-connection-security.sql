ALTER TABLE "charge_points" ADD COLUMN "pending_password_hash" text;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "password_rotation_status" text;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "password_rotation_at" timestamp with time zone;