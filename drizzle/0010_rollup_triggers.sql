-- Filled by the rollups work: triggers on records, cases and orgs that mark rollup_dirty cells.
select 1;
