-- Hand edit: records is partitioned by month on day; each month's partition is created by
-- ensureRecordPartitions (records.partitions.ts) before the month's first insert.
CREATE TABLE "record_forms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"name" jsonb NOT NULL,
	"description" jsonb,
	"subject_kind" text NOT NULL,
	"fields" jsonb NOT NULL,
	"expectation" jsonb,
	"health_data" boolean DEFAULT false NOT NULL,
	"retention_days" integer,
	"retention_action" text DEFAULT 'anonymise' NOT NULL,
	"offline" boolean DEFAULT false NOT NULL,
	"channels" text[] DEFAULT '{staff}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_purges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"form_key" text NOT NULL,
	"action" text NOT NULL,
	"before_day" date NOT NULL,
	"count" integer NOT NULL,
	"ran_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"form_key" text NOT NULL,
	"day" date NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"area_path" text NOT NULL,
	"sent_by" uuid,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_rule_hits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"condition_key" text NOT NULL,
	"area_path" text NOT NULL,
	"first_record_id" uuid,
	"case_id" uuid,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cleared_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "record_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"form_key" text NOT NULL,
	"name" jsonb NOT NULL,
	"condition" jsonb NOT NULL,
	"action" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_rules_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "records" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"day" date NOT NULL,
	"record_id" uuid NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"current" boolean DEFAULT true NOT NULL,
	"form_key" text NOT NULL,
	"form_version" integer NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"area_path" text NOT NULL,
	"region_code" text GENERATED ALWAYS AS (split_part(area_path, '.', 1)) STORED NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"values" jsonb NOT NULL,
	"channel" text NOT NULL,
	"submitted_by" uuid,
	"client_key" text NOT NULL,
	"anonymised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "records_pkey" PRIMARY KEY("id","day")
) PARTITION BY RANGE ("day");
--> statement-breakpoint
CREATE TABLE "report_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" jsonb NOT NULL,
	"department" jsonb NOT NULL,
	"form_key" text NOT NULL,
	"group_by" text NOT NULL,
	"columns" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_templates_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "screenings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"area_path" text NOT NULL,
	"from_day" date NOT NULL,
	"until_day" date,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "record_forms" ADD CONSTRAINT "record_forms_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_reminders" ADD CONSTRAINT "record_reminders_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_rule_hits" ADD CONSTRAINT "record_rule_hits_rule_id_record_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."record_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_rule_hits" ADD CONSTRAINT "record_rule_hits_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screenings" ADD CONSTRAINT "screenings_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screenings" ADD CONSTRAINT "screenings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "record_forms_key_version_key" ON "record_forms" USING btree ("key","version");--> statement-breakpoint
CREATE UNIQUE INDEX "record_reminders_once_key" ON "record_reminders" USING btree ("form_key","day","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "record_rule_hits_open_key" ON "record_rule_hits" USING btree ("rule_id","subject_id","condition_key") WHERE "record_rule_hits"."cleared_at" is null;--> statement-breakpoint
CREATE INDEX "record_rule_hits_case_idx" ON "record_rule_hits" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "records_client_key" ON "records" USING btree ("client_key","day");--> statement-breakpoint
CREATE INDEX "records_form_day_subject_idx" ON "records" USING btree ("form_key","day","subject_id") WHERE "records"."current";--> statement-breakpoint
CREATE INDEX "records_subject_idx" ON "records" USING btree ("subject_id","day");--> statement-breakpoint
CREATE INDEX "records_record_id_idx" ON "records" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "records_area_day_idx" ON "records" USING btree ("area_path" text_pattern_ops,"day");--> statement-breakpoint
CREATE INDEX "screenings_area_idx" ON "screenings" USING btree ("area_path" text_pattern_ops,"from_day");--> statement-breakpoint
CREATE INDEX "screenings_person_idx" ON "screenings" USING btree ("person_id");