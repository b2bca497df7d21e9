CREATE TABLE "area_shapes" (
	"area_id" uuid PRIMARY KEY NOT NULL,
	"geometry" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dashboard_cells" (
	"metric" text NOT NULL,
	"area_path" text NOT NULL,
	"day" date NOT NULL,
	"dim" text DEFAULT '' NOT NULL,
	"value" double precision DEFAULT 0 NOT NULL,
	"samples" double precision[],
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dashboard_cells_metric_area_path_day_dim_pk" PRIMARY KEY("metric","area_path","day","dim")
);
--> statement-breakpoint
CREATE TABLE "rollup_dirty" (
	"family" text NOT NULL,
	"area_path" text NOT NULL,
	"day" date NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rollup_dirty_family_area_path_day_pk" PRIMARY KEY("family","area_path","day")
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"metric" text NOT NULL,
	"area_id" uuid NOT NULL,
	"area_path" text NOT NULL,
	"title" text NOT NULL,
	"start_day" date NOT NULL,
	"due_day" date NOT NULL,
	"target_value" double precision NOT NULL,
	"note" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "area_shapes" ADD CONSTRAINT "area_shapes_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dashboard_cells_metric_path_idx" ON "dashboard_cells" USING btree ("metric","area_path" text_pattern_ops,"day");--> statement-breakpoint
CREATE INDEX "dashboard_cells_metric_day_idx" ON "dashboard_cells" USING btree ("metric","day");--> statement-breakpoint
CREATE INDEX "targets_area_path_idx" ON "targets" USING btree ("area_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "targets_due_idx" ON "targets" USING btree ("active","due_day");