CREATE TABLE "import_undo" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"inserted" boolean NOT NULL,
	"before" jsonb,
	"applied_version" integer
);
--> statement-breakpoint
ALTER TABLE "import_undo" ADD CONSTRAINT "import_undo_job_id_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."import_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_undo_job_idx" ON "import_undo" USING btree ("job_id","id");