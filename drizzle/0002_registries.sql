CREATE TABLE "idempotency_keys" (
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "org_status_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"status" text NOT NULL,
	"effective_date" date NOT NULL,
	"note" text,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orgs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"credit_code" text,
	"name" text NOT NULL,
	"above_scale" boolean DEFAULT false NOT NULL,
	"industry" text,
	"area_id" uuid NOT NULL,
	"area_path" text NOT NULL,
	"address" text,
	"contact_name" text,
	"contact_phone_enc" text,
	"contact_phone_hash" text,
	"contact_phone_masked" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'operating' NOT NULL,
	"status_since" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dwellings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"compound_area_id" uuid NOT NULL,
	"area_path" text NOT NULL,
	"building" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"room" text NOT NULL,
	"address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"area_path" text NOT NULL,
	"dwelling_id" uuid,
	"resident_type" text DEFAULT 'registered' NOT NULL,
	"single_renter" boolean DEFAULT false NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"id_type" text DEFAULT 'resident_id' NOT NULL,
	"id_number_enc" text,
	"id_number_hash" text,
	"id_number_masked" text,
	"phone_enc" text,
	"phone_hash" text,
	"phone_masked" text,
	"gender" text,
	"birth_date" date,
	"area_id" uuid NOT NULL,
	"area_path" text NOT NULL,
	"household_id" uuid,
	"household_role" text,
	"resident_type" text DEFAULT 'registered' NOT NULL,
	"special_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenancies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"landlord_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"dwelling_id" uuid,
	"area_path" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"staff_id" uuid,
	"team_id" uuid,
	"org_id" uuid,
	"area_id" uuid,
	"area_path" text NOT NULL,
	"is_primary" boolean DEFAULT true NOT NULL,
	"starts_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ends_at" timestamp with time zone,
	"reason" text,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"area_path" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "departments_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"phone_enc" text,
	"phone_hash" text,
	"phone_masked" text,
	"department_id" uuid,
	"user_id" uuid,
	"title" text,
	"area_path" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"role" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"parent_team_id" uuid,
	"department_id" uuid,
	"area_path" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registry" text NOT NULL,
	"status" text NOT NULL,
	"file_name" text NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"inserted_rows" integer DEFAULT 0 NOT NULL,
	"updated_rows" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"area_path" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_rows" (
	"job_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "import_rows_job_id_row_number_pk" PRIMARY KEY("job_id","row_number")
);
--> statement-breakpoint
ALTER TABLE "org_status_history" ADD CONSTRAINT "org_status_history_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dwellings" ADD CONSTRAINT "dwellings_compound_area_id_areas_id_fk" FOREIGN KEY ("compound_area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_dwelling_id_dwellings_id_fk" FOREIGN KEY ("dwelling_id") REFERENCES "public"."dwellings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenancies" ADD CONSTRAINT "tenancies_landlord_id_people_id_fk" FOREIGN KEY ("landlord_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenancies" ADD CONSTRAINT "tenancies_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenancies" ADD CONSTRAINT "tenancies_dwelling_id_dwellings_id_fk" FOREIGN KEY ("dwelling_id") REFERENCES "public"."dwellings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_parent_team_id_teams_id_fk" FOREIGN KEY ("parent_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_job_id_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."import_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "org_status_history_org_idx" ON "org_status_history" USING btree ("org_id","effective_date");--> statement-breakpoint
CREATE UNIQUE INDEX "orgs_credit_code_key" ON "orgs" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "orgs_area_path_idx" ON "orgs" USING btree ("area_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "orgs_name_idx" ON "orgs" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "orgs_kind_idx" ON "orgs" USING btree ("kind","status");--> statement-breakpoint
CREATE INDEX "orgs_tags_idx" ON "orgs" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "orgs_contact_phone_hash_idx" ON "orgs" USING btree ("contact_phone_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "dwellings_location_key" ON "dwellings" USING btree ("compound_area_id","building","unit","room");--> statement-breakpoint
CREATE INDEX "dwellings_area_path_idx" ON "dwellings" USING btree ("area_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "households_area_path_idx" ON "households" USING btree ("area_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "households_dwelling_idx" ON "households" USING btree ("dwelling_id");--> statement-breakpoint
CREATE UNIQUE INDEX "people_id_number_hash_key" ON "people" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "people_phone_hash_idx" ON "people" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "people_area_path_idx" ON "people" USING btree ("area_path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "people_name_idx" ON "people" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "people_household_idx" ON "people" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tenancies_active_household_key" ON "tenancies" USING btree ("household_id") WHERE "tenancies"."end_date" is null;--> statement-breakpoint
CREATE INDEX "tenancies_landlord_idx" ON "tenancies" USING btree ("landlord_id");--> statement-breakpoint
CREATE INDEX "tenancies_area_path_idx" ON "tenancies" USING btree ("area_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_one_primary_liaison_key" ON "assignments" USING btree ("org_id") WHERE "assignments"."kind" = 'liaison' and "assignments"."is_primary" and "assignments"."ends_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_grid_worker_key" ON "assignments" USING btree ("staff_id","area_id") WHERE "assignments"."kind" = 'grid_worker' and "assignments"."ends_at" is null;--> statement-breakpoint
CREATE INDEX "assignments_staff_idx" ON "assignments" USING btree ("staff_id","kind");--> statement-breakpoint
CREATE INDEX "assignments_team_idx" ON "assignments" USING btree ("team_id","kind");--> statement-breakpoint
CREATE INDEX "assignments_org_idx" ON "assignments" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "assignments_area_idx" ON "assignments" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "assignments_area_path_idx" ON "assignments" USING btree ("area_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "staff_user_key" ON "staff" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "staff_phone_hash_idx" ON "staff" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "staff_area_path_idx" ON "staff" USING btree ("area_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "staff_name_idx" ON "staff" USING btree ("name","id");--> statement-breakpoint
CREATE UNIQUE INDEX "team_members_active_key" ON "team_members" USING btree ("team_id","staff_id") WHERE "team_members"."ends_on" is null;--> statement-breakpoint
CREATE INDEX "team_members_staff_idx" ON "team_members" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "teams_kind_idx" ON "teams" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "teams_area_path_idx" ON "teams" USING btree ("area_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "import_jobs_created_idx" ON "import_jobs" USING btree ("created_by","created_at");