CREATE TABLE "status_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"component" text NOT NULL,
	"state" text NOT NULL,
	"sampled_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "status_samples" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "status_samples_sampled_idx" ON "status_samples" USING btree ("sampled_at");