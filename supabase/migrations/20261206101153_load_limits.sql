CREATE TABLE "load_limits" (
	"transaction_id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"charge_point_id" uuid NOT NULL,
	"evse_id" integer NOT NULL,
	"allocated_a" double precision,
	"accepted_a" double precision,
	"instance_id" text,
	"connected_since" timestamp with time zone,
	"status" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "load_limits" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "load_limits" ADD CONSTRAINT "load_limits_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_limits" ADD CONSTRAINT "load_limits_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "load_limits_site_idx" ON "load_limits" USING btree ("site_id");--> statement-breakpoint
CREATE POLICY "load_limits_owner_read" ON "load_limits" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from charge_points cp where cp.id = "load_limits"."charge_point_id" and cp.owner_id = (select auth.uid())));