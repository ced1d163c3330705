CREATE TABLE "invoice_counters" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invoice_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" text NOT NULL,
	"credits_invoice_id" uuid,
	"credited_at" timestamp with time zone,
	"month" text NOT NULL,
	"time_zone" text NOT NULL,
	"bill_key" text NOT NULL,
	"member_id" uuid,
	"recipient_name" text NOT NULL,
	"recipient_email" text,
	"currency" text NOT NULL,
	"energy_kwh" numeric(14, 3) NOT NULL,
	"net" numeric(14, 4) NOT NULL,
	"vat_rate_percent" numeric(5, 2) NOT NULL,
	"vat" numeric(14, 4) NOT NULL,
	"total" numeric(14, 4) NOT NULL,
	"seller" jsonb NOT NULL,
	"lines" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"status_changed_at" timestamp with time zone,
	"email_status" text NOT NULL,
	"email_attempts" integer DEFAULT 0 NOT NULL,
	"email_next_at" timestamp with time zone,
	"email_error" text,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" uuid
);
--> statement-breakpoint
ALTER TABLE "invoices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invoice_counters" ADD CONSTRAINT "invoice_counters_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_credits_invoice_id_invoices_id_fk" FOREIGN KEY ("credits_invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_member_id_site_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."site_members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_site_number_key" ON "invoices" USING btree ("site_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_site_month_bill_key" ON "invoices" USING btree ("site_id","month","bill_key","currency") WHERE "invoices"."kind" = 'invoice' and "invoices"."credited_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_credits_key" ON "invoices" USING btree ("credits_invoice_id");--> statement-breakpoint
CREATE INDEX "invoices_member_idx" ON "invoices" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "invoices_email_idx" ON "invoices" USING btree ("email_status","email_next_at");