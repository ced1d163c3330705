CREATE TABLE "site_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"user_id" uuid,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"invite_token_hash" text,
	"invite_expires_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "site_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "id_tags" ADD COLUMN "holder" text;--> statement-breakpoint
ALTER TABLE "id_tags" ADD COLUMN "member_id" uuid;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "legal_name" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "legal_address" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "vat_id" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "vat_rate_percent" numeric(5, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "site_members" ADD CONSTRAINT "site_members_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_members" ADD CONSTRAINT "site_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "site_members_site_email_key" ON "site_members" USING btree ("site_id",lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "site_members_invite_key" ON "site_members" USING btree ("invite_token_hash");--> statement-breakpoint
CREATE INDEX "site_members_user_idx" ON "site_members" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "id_tags" ADD CONSTRAINT "id_tags_member_id_site_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."site_members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "id_tags_member_idx" ON "id_tags" USING btree ("member_id");--> statement-breakpoint
CREATE POLICY "site_members_owner_read" ON "site_members" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("site_members"."user_id" = (select auth.uid()));