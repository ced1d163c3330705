CREATE TABLE "bus_payloads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bus_payloads" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cluster_instances" (
	"id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"draining" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cluster_instances" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "job_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text,
	"lease_until" timestamp with time zone,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "job_leases" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "connected_instance_id" text;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "connected_since" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "bus_payloads_created_idx" ON "bus_payloads" USING btree ("created_at");