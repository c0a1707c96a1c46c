-- 录入人 and 审核人: an observation records who entered the figure (recorded_by: the reporter of
-- an approved submission, the importer of a file) and who approved it (approved_by, approved_at:
-- the analyst who approved the submission; '' and NULL for imports, which nobody approves).
ALTER TABLE observations ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE observations ADD COLUMN approved_at TIMESTAMP;

-- Figures approved before this release name the analyst as recorded_by; the submission that
-- wrote them (same batch) names the reporter and the approver.
UPDATE observations
   SET approved_by = (SELECT s.reviewed_by FROM submissions s WHERE s.batch_id = observations.batch_id
                        AND s.region_code = observations.region_code AND s.indicator_code = observations.indicator_code
                        AND s.period = observations.period AND s.state = 'approved' ORDER BY s.id DESC LIMIT 1),
       approved_at = (SELECT s.reviewed_at FROM submissions s WHERE s.batch_id = observations.batch_id
                        AND s.region_code = observations.region_code AND s.indicator_code = observations.indicator_code
                        AND s.period = observations.period AND s.state = 'approved' ORDER BY s.id DESC LIMIT 1),
       recorded_by = (SELECT s.submitted_by FROM submissions s WHERE s.batch_id = observations.batch_id
                        AND s.region_code = observations.region_code AND s.indicator_code = observations.indicator_code
                        AND s.period = observations.period AND s.state = 'approved' ORDER BY s.id DESC LIMIT 1)
 WHERE batch_id IS NOT NULL AND EXISTS (SELECT 1 FROM submissions s WHERE s.batch_id = observations.batch_id
                        AND s.region_code = observations.region_code AND s.indicator_code = observations.indicator_code
                        AND s.period = observations.period AND s.state = 'approved');
