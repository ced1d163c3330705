CREATE TABLE "ocpp_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"charge_point_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"message_id" text,
	"action" text,
	"payload" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ocpp_messages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "ocpp_messages" ADD CONSTRAINT "ocpp_messages_charge_point_id_charge_points_id_fk" FOREIGN KEY ("charge_point_id") REFERENCES "public"."charge_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ocpp_messages_cp_id_idx" ON "ocpp_messages" USING btree ("charge_point_id","id");--> statement-breakpoint
CREATE POLICY "ocpp_messages_owner_read" ON "ocpp_messages" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from charge_points cp where cp.id = "ocpp_messages"."charge_point_id" and cp.owner_id = (select auth.uid())));