package store_test

import (
	"context"
	"testing"
	"time"

	"pacer/internal/store"
)

// Migration 11 adds 审核人 to observations: a figure an earlier release wrote by approving a
// submission named the analyst as recorded_by; after migrating it names the submission's
// reporter as recorded_by and the analyst as approved_by, at the approval's time. An imported
// figure keeps its importer and gains no approver.
func TestMigrateObservationApprover(t *testing.T) {
	ctx := context.Background()
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			dsn := oldDatabase(t, dialect, 10,
				`INSERT INTO regions (code, name, level) VALUES ('440784', '鹤山市', 'county')`,
				`INSERT INTO indicators (code, name, unit, kind, direction, precision, mode, tolerance, growth_tolerance, built_in, comparable_price)
				 VALUES ('retail', '社会消费品零售总额', '亿元', 'flow', 'up', 2, 'linear', 5, 1, TRUE, FALSE)`,
				`INSERT INTO units (code, name, region_code, kind) VALUES ('440784-swj', '鹤山市商务局', '440784', 'department')`,
				`INSERT INTO import_batches (id, recorded_at, actor, source, new_rows, revised_rows, unchanged)
				 VALUES (1, '2023-07-01T02:00:00.000000Z', 'imp', 'file.csv', 1, 0, 0),
				        (2, '2023-07-10T09:00:00.000000Z', 'ana (analyst)', '填报:440784-swj', 0, 1, 0)`,
				`INSERT INTO observations (region_code, indicator_code, period, value, growth, source, revision, is_current, recorded_at, recorded_by, batch_id)
				 VALUES ('440784', 'retail', '2023-06', 70.13, 5.4, 'file.csv', 1, FALSE, '2023-07-01T02:00:00.000000Z', 'imp', 1),
				        ('440784', 'retail', '2023-06', 70.31, 5.4, '填报:440784-swj', 2, TRUE, '2023-07-10T09:00:00.000000Z', 'ana', 2)`,
				`INSERT INTO submissions (unit_code, region_code, indicator_code, period, value, growth, state, submitted_by, submitted_at,
				 reviewed_by, reviewed_at, batch_id)
				 VALUES ('440784-swj', '440784', 'retail', '2023-06', 70.31, 5.4, 'approved', 'rep', '2023-07-09T08:00:00.000000Z',
				         'ana', '2023-07-10T09:00:00.000000Z', 2)`,
			)
			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			got, err := s.Observations(ctx, store.ObservationQuery{Indicators: []string{"retail"}, AllRevisions: true})
			if err != nil || len(got) != 2 {
				t.Fatalf("observations after migrating: got %+v, %v; want 2 revisions", got, err)
			}
			if o := got[0]; o.RecordedBy != "imp" || o.ApprovedBy != "" || o.ApprovedAt != nil {
				t.Errorf("imported revision: got recorded_by %q approved_by %q at %v, want imp, nobody", o.RecordedBy, o.ApprovedBy, o.ApprovedAt)
			}
			want := time.Date(2023, 7, 10, 9, 0, 0, 0, time.UTC)
			if o := got[1]; o.RecordedBy != "rep" || o.ApprovedBy != "ana" || o.ApprovedAt == nil || !o.ApprovedAt.Equal(want) {
				t.Errorf("approved revision: got recorded_by %q approved_by %q at %v, want rep, ana at %v", o.RecordedBy, o.ApprovedBy, o.ApprovedAt, want)
			}
		})
	}
}
