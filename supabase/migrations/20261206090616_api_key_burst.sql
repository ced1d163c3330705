ALTER TABLE "api_keys" ADD COLUMN "burst_window_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "burst_calls" integer DEFAULT 0 NOT NULL;