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
ALTER TABLE "charge_point_local_lists" ADD CONSTRAINT "charge_point_local_lists_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_point_operations" ADD CONSTRAINT "charge_point_operations_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "charge_point_operations_cp_idx" ON "charge_point_operations" USING btree ("charge_point_id","kind","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "charge_point_operations_token_key" ON "charge_point_operations" USING btree ("upload_token_hash");--> statement-breakpoint
CREATE POLICY "charge_point_local_lists_owner_read" ON "charge_point_local_lists" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from charge_points cp where cp.id = "charge_point_local_lists"."charge_point_id" and cp.owner_id = (select auth.uid())));--> statement-breakpoint
CREATE POLICY "charge_point_operations_owner_read" ON "charge_point_operations" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from charge_points cp where cp.id = "charge_point_operations"."charge_point_id" and cp.owner_id = (select auth.uid())));