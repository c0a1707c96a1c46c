-- 示例 (sample) on a register figure: set when any row the sum read is marked 示例 (a demo's
-- invented project, progress report, lead or firm), so that the figure is labelled as such
-- wherever it is shown, as observations and targets are. A change of the mark alone is a new
-- revision. Figures recorded before this release read as not sample until recomputed.
ALTER TABLE register_figures ADD COLUMN sample BOOLEAN NOT NULL DEFAULT FALSE;
