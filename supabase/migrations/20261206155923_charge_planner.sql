CREATE TABLE "charge_plans" (
	"transaction_id" uuid PRIMARY KEY NOT NULL,
	"charge_point_id" uuid NOT NULL,
	"vehicle_id" uuid,
	"target_level" smallint NOT NULL,
	"departure" timestamp with time zone NOT NULL,
	"strategy" text DEFAULT 'cheapest' NOT NULL,
	"result" jsonb,
	"computed_at" timestamp with time zone,
	"mask" jsonb,
	"profile_status" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "charge_plans" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "site_prices" (
	"site_id" uuid NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"price_per_kwh" double precision NOT NULL,
	"pv_forecast_w" double precision,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "site_prices_site_id_start_at_pk" PRIMARY KEY("site_id","start_at")
);
--> statement-breakpoint
ALTER TABLE "site_prices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "charge_points" ADD COLUMN "default_vehicle_id" uuid;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "vehicle_id" uuid;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "vehicle_match" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "vehicle_battery_start" smallint;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "vehicle_battery_end" smallint;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "vehicle_capacity_kwh" double precision;--> statement-breakpoint
ALTER TABLE "vehicles" ADD COLUMN "plan_target_level" smallint;--> statement-breakpoint
ALTER TABLE "vehicles" ADD COLUMN "plan_departure_time" text;--> statement-breakpoint
ALTER TABLE "vehicles" ADD COLUMN "plan_strategy" text DEFAULT 'cheapest' NOT NULL;--> statement-breakpoint
ALTER TABLE "charge_plans" ADD CONSTRAINT "charge_plans_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_plans" ADD CONSTRAINT "charge_plans_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_plans" ADD CONSTRAINT "charge_plans_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_prices" ADD CONSTRAINT "site_prices_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "charge_plans_cp_idx" ON "charge_plans" USING btree ("charge_point_id");--> statement-breakpoint
ALTER TABLE "charge_points" ADD CONSTRAINT "charge_points_default_vehicle_id_vehicles_id_fk" FOREIGN KEY ("default_vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transactions_vehicle_idx" ON "transactions" USING btree ("vehicle_id","started_at");--> statement-breakpoint
CREATE POLICY "charge_plans_owner_read" ON "charge_plans" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from charge_points cp where cp.id = "charge_plans"."charge_point_id" and cp.owner_id = (select auth.uid())));--> statement-breakpoint
CREATE POLICY "site_prices_owner_read" ON "site_prices" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from sites s where s.id = "site_prices"."site_id" and s.owner_id = (select auth.uid())));