CREATE TABLE "charge_point_default_vehicles" (
	"user_id" uuid NOT NULL,
	"charge_point_id" uuid NOT NULL,
	"vehicle_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "charge_point_default_vehicles_user_id_charge_point_id_pk" PRIMARY KEY("user_id","charge_point_id")
);
--> statement-breakpoint
ALTER TABLE "charge_point_default_vehicles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "charge_points" DROP CONSTRAINT "charge_points_default_vehicle_id_vehicles_id_fk";
--> statement-breakpoint
ALTER TABLE "charge_point_default_vehicles" ADD CONSTRAINT "charge_point_default_vehicles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_point_default_vehicles" ADD CONSTRAINT "charge_point_default_vehicles_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_point_default_vehicles" ADD CONSTRAINT "charge_point_default_vehicles_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "charge_point_default_vehicles_vehicle_idx" ON "charge_point_default_vehicles" USING btree ("vehicle_id");--> statement-breakpoint
-- The owners' defaults so far (a charge point's one default was its owner's car).
INSERT INTO "charge_point_default_vehicles" ("user_id", "charge_point_id", "vehicle_id")
SELECT cp."owner_id", cp."id", cp."default_vehicle_id" FROM "charge_points" cp
JOIN "vehicles" v ON v."id" = cp."default_vehicle_id" AND v."user_id" = cp."owner_id"
WHERE cp."owner_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "charge_points" DROP COLUMN "default_vehicle_id";--> statement-breakpoint
CREATE POLICY "charge_point_default_vehicles_owner_read" ON "charge_point_default_vehicles" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("charge_point_default_vehicles"."user_id" = (select auth.uid()));