package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"pacer/internal/domain"
)

// writeObservationsTx writes observations inside an open transaction exactly as ApplyBatch does:
// new figures as revision 1, changed ones as a new revision (the old kept, no longer current),
// unchanged ones not at all; an import batch record named source and its audit rows. It returns
// the batch id, 0 when nothing changed (and nothing was written).
func (s *Store) writeObservationsTx(ctx context.Context, conn *sql.Conn, tx *sql.Tx, a auditor, source string, obs []domain.Observation) (BatchResult, error) {
	var res BatchResult
	plan, err := planObservations(ctx, tx, observations{list: obs})
	if err != nil {
		return res, err
	}
	res.Observations = plan.counts
	if !plan.counts.changed() {
		return res, nil
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO import_batches (recorded_at, actor, source, new_rows, revised_rows, unchanged)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, a.at, a.actor, source,
		plan.counts.New, plan.counts.Revised, plan.counts.Unchanged).Scan(&res.BatchID); err != nil {
		return res, fmt.Errorf("insert import batch: %w", err)
	}
	if err := plan.write(ctx, inserter{tx: tx, dialect: s.dialect, conn: conn}, a, res.BatchID); err != nil {
		return res, err
	}
	return res, a.log("import", "batch:"+strconv.FormatInt(res.BatchID, 10), "", fmt.Sprintf(
		"source=%s observations new=%d revised=%d unchanged=%d", source, plan.counts.New, plan.counts.Revised, plan.counts.Unchanged))
}
