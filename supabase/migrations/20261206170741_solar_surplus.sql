CREATE TABLE "site_energy_days" (
	"site_id" uuid NOT NULL,
	"day" date NOT NULL,
	"grid_import_wh" double precision DEFAULT 0 NOT NULL,
	"grid_export_wh" double precision DEFAULT 0 NOT NULL,
	"pv_wh" double precision DEFAULT 0 NOT NULL,
	"battery_discharge_wh" double precision DEFAULT 0 NOT NULL,
	"battery_charge_wh" double precision DEFAULT 0 NOT NULL,
	"chargers_wh" double precision DEFAULT 0 NOT NULL,
	"chargers_solar_wh" double precision DEFAULT 0 NOT NULL,
	"chargers_battery_wh" double precision DEFAULT 0 NOT NULL,
	"chargers_grid_wh" double precision DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "site_energy_days_site_id_day_pk" PRIMARY KEY("site_id","day")
);
--> statement-breakpoint
ALTER TABLE "site_energy_days" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "site_measurements" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"grid_power_w" double precision NOT NULL,
	"pv_power_w" double precision,
	"battery_power_w" double precision,
	"max_import_a" double precision,
	"chargers_power_w" double precision DEFAULT 0 NOT NULL,
	"solar_draw_a" double precision,
	"measured_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "site_measurements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "charging_mode" text DEFAULT 'fast' NOT NULL;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "solar_on" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "solar_covered_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "solar_missing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "solar_switched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "site_energy_days" ADD CONSTRAINT "site_energy_days_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_measurements" ADD CONSTRAINT "site_measurements_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "site_energy_days_owner_read" ON "site_energy_days" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from sites s where s.id = "site_energy_days"."site_id" and s.owner_id = (select auth.uid())));--> statement-breakpoint
CREATE POLICY "site_measurements_owner_read" ON "site_measurements" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from sites s where s.id = "site_measurements"."site_id" and s.owner_id = (select auth.uid())));