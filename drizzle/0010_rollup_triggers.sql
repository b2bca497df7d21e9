-- Hand-written: the dashboard's rollups are marked dirty by triggers, so every write path (API, ingest,
-- import, demo load, jobs, retention) marks them. Statement-level triggers with transition tables: one
-- INSERT … SELECT DISTINCT per statement, not per row, so an ingest batch of 1,000 records costs one
-- small insert into rollup_dirty. The refresher (rollups.refresher.ts) drains rollup_dirty; the
-- metric arithmetic lives in rollups.repo.ts. A trigger with transition tables may have one event
-- only, hence three per table. Works on PostgreSQL 15 and PGlite (statement triggers on the
-- partitioned records parent see the rows of every partition).
--
-- A cell's area is the row's area path cut to grid depth (4 segments: city.town.community.grid).
-- One reference to p, so PostgreSQL inlines it into the calling query (a CASE naming p several times
-- was not inlined and cost 3× as much per row). Triggers cut only the distinct raw paths of a statement.
CREATE OR REPLACE FUNCTION rollup_cell_path(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT array_to_string((string_to_array(p, '.'))[1:4], '.') $$;
--> statement-breakpoint
-- Records: the forms the dashboard counts, on the record's own day (old rows too: a correction clears
-- `current` on the earlier revision, retention may delete).
CREATE OR REPLACE FUNCTION rollup_mark_records() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  marked bigint := 0;
  n bigint;
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO rollup_dirty (family, area_path, day)
    SELECT DISTINCT 'records', rollup_cell_path(r.area_path), r.day
    FROM (SELECT DISTINCT area_path, day FROM new_rows
          WHERE form_key IN ('enterprise_daily', 'resident_screening', 'checkpoint_pass')) r
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    marked := marked + n;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO rollup_dirty (family, area_path, day)
    SELECT DISTINCT 'records', rollup_cell_path(r.area_path), r.day
    FROM (SELECT DISTINCT area_path, day FROM old_rows
          WHERE form_key IN ('enterprise_daily', 'resident_screening', 'checkpoint_pass')) r
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    marked := marked + n;
  END IF;
  IF marked > 0 THEN
    PERFORM pg_notify('gridline_rollup_dirty', '');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER records_rollup_insert AFTER INSERT ON records
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_records();
--> statement-breakpoint
CREATE TRIGGER records_rollup_update AFTER UPDATE ON records
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_records();
--> statement-breakpoint
CREATE TRIGGER records_rollup_delete AFTER DELETE ON records
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_records();
--> statement-breakpoint
-- Screenings: the expected residents of every day the screening covers (records family). An open
-- screening is marked up to today; the refresher marks today for open screenings when the day turns.
CREATE OR REPLACE FUNCTION rollup_mark_screenings() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  today date := (now() AT TIME ZONE 'Asia/Shanghai')::date;
  marked bigint := 0;
  n bigint;
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO rollup_dirty (family, area_path, day)
    SELECT DISTINCT 'records', rollup_cell_path(s.area_path), d::date
    FROM new_rows s,
      generate_series(s.from_day, LEAST(COALESCE(s.until_day, today), s.from_day + 366), interval '1 day') d
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    marked := marked + n;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO rollup_dirty (family, area_path, day)
    SELECT DISTINCT 'records', rollup_cell_path(s.area_path), d::date
    FROM old_rows s,
      generate_series(s.from_day, LEAST(COALESCE(s.until_day, today), s.from_day + 366), interval '1 day') d
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    marked := marked + n;
  END IF;
  IF marked > 0 THEN
    PERFORM pg_notify('gridline_rollup_dirty', '');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER screenings_rollup_insert AFTER INSERT ON screenings
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_screenings();
--> statement-breakpoint
CREATE TRIGGER screenings_rollup_update AFTER UPDATE ON screenings
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_screenings();
--> statement-breakpoint
CREATE TRIGGER screenings_rollup_delete AFTER DELETE ON screenings
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_screenings();
--> statement-breakpoint
-- Cases: problems and refunds, on the day created and the day resolved, old and new rows (a move of
-- area, a reopen or a new rating changes the old cells too).
CREATE OR REPLACE FUNCTION rollup_mark_cases() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  marked bigint := 0;
  n bigint;
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO rollup_dirty (family, area_path, day)
    SELECT DISTINCT 'cases', rollup_cell_path(c.area_path), x.day
    FROM new_rows c,
      LATERAL (VALUES ((c.created_at AT TIME ZONE 'Asia/Shanghai')::date),
                      ((c.resolved_at AT TIME ZONE 'Asia/Shanghai')::date)) x(day)
    WHERE c.type_code IN ('enterprise_problem', 'export_tax_refund') AND x.day IS NOT NULL
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    marked := marked + n;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO rollup_dirty (family, area_path, day)
    SELECT DISTINCT 'cases', rollup_cell_path(c.area_path), x.day
    FROM old_rows c,
      LATERAL (VALUES ((c.created_at AT TIME ZONE 'Asia/Shanghai')::date),
                      ((c.resolved_at AT TIME ZONE 'Asia/Shanghai')::date)) x(day)
    WHERE c.type_code IN ('enterprise_problem', 'export_tax_refund') AND x.day IS NOT NULL
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    marked := marked + n;
  END IF;
  IF marked > 0 THEN
    PERFORM pg_notify('gridline_rollup_dirty', '');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cases_rollup_insert AFTER INSERT ON cases
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_cases();
--> statement-breakpoint
CREATE TRIGGER cases_rollup_update AFTER UPDATE ON cases
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_cases();
--> statement-breakpoint
CREATE TRIGGER cases_rollup_delete AFTER DELETE ON cases
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_cases();
--> statement-breakpoint
-- Orgs and their status history: the orgs family is recomputed per cell path over all days (a path
-- holds a handful of enterprises), so only the path is marked, on today's date. Above-scale rows only
-- (old or new: an org that stops being above scale leaves the old cells).
CREATE OR REPLACE FUNCTION rollup_mark_orgs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  today date := (now() AT TIME ZONE 'Asia/Shanghai')::date;
  marked bigint := 0;
  n bigint;
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO rollup_dirty (family, area_path, day)
    SELECT DISTINCT 'orgs', rollup_cell_path(o.area_path), today FROM new_rows o WHERE o.above_scale
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    marked := marked + n;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO rollup_dirty (family, area_path, day)
    SELECT DISTINCT 'orgs', rollup_cell_path(o.area_path), today FROM old_rows o WHERE o.above_scale
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    marked := marked + n;
  END IF;
  IF marked > 0 THEN
    PERFORM pg_notify('gridline_rollup_dirty', '');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER orgs_rollup_insert AFTER INSERT ON orgs
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_orgs();
--> statement-breakpoint
CREATE TRIGGER orgs_rollup_update AFTER UPDATE ON orgs
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_orgs();
--> statement-breakpoint
CREATE TRIGGER orgs_rollup_delete AFTER DELETE ON orgs
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_orgs();
--> statement-breakpoint
-- A status change (resumed, suspended again, closed) marks its org's path. A history row whose org is
-- already gone (cascade) needs nothing: the org's own delete trigger marked the path.
CREATE OR REPLACE FUNCTION rollup_mark_org_status() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  today date := (now() AT TIME ZONE 'Asia/Shanghai')::date;
  n bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO rollup_dirty (family, area_path, day)
    SELECT DISTINCT 'orgs', rollup_cell_path(o.area_path), today
    FROM orgs o WHERE o.above_scale AND o.id IN (SELECT h.org_id FROM old_rows h)
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO rollup_dirty (family, area_path, day)
    SELECT DISTINCT 'orgs', rollup_cell_path(o.area_path), today
    FROM orgs o WHERE o.above_scale AND o.id IN (SELECT h.org_id FROM new_rows h)
    ON CONFLICT DO NOTHING;
  END IF;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n > 0 THEN
    PERFORM pg_notify('gridline_rollup_dirty', '');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER org_status_history_rollup_insert AFTER INSERT ON org_status_history
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_org_status();
--> statement-breakpoint
CREATE TRIGGER org_status_history_rollup_update AFTER UPDATE ON org_status_history
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_org_status();
--> statement-breakpoint
CREATE TRIGGER org_status_history_rollup_delete AFTER DELETE ON org_status_history
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_org_status();
--> statement-breakpoint
-- The refresher claims the oldest marks first.
CREATE INDEX rollup_dirty_marked_idx ON rollup_dirty (marked_at);
