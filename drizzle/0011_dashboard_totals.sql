CREATE TABLE "dashboard_totals" (
	"metric" text NOT NULL,
	"area_path" text NOT NULL,
	"day" date NOT NULL,
	"dim" text DEFAULT '' NOT NULL,
	"value" double precision DEFAULT 0 NOT NULL,
	"samples" double precision[],
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dashboard_totals_metric_area_path_day_dim_pk" PRIMARY KEY("metric","area_path","day","dim")
);
