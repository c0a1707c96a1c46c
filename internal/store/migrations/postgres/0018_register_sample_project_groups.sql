-- 示例 (sample) on a register figure: set when any row the sum read is marked 示例 (a demo's
-- invented project, progress report, lead or firm), so that the figure is labelled as such
-- wherever it is shown, as observations and targets are. A change of the mark alone is a new
-- revision. Figures recorded before this release read as not sample until recomputed.
ALTER TABLE register_figures ADD COLUMN sample BOOLEAN NOT NULL DEFAULT FALSE;

-- The projects summary groups a region's projects by region, category, level and stage
-- (store.ProjectGroups): read in this index's order, the rows come already grouped (no sort), and
-- the index holds every column of projects the summary reads (code for the joins, sample).
CREATE INDEX projects_region_groups ON projects (region_code, category, level, stage, code, sample);
