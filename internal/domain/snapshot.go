package domain

import "time"

// Snapshot is a semi-monthly assessment (半月研判) as stored: frozen once taken. Body is the
// scorecard of the figures whose period ended before the day, as JSON (its shape is the
// scorecard package's); the store never changes a snapshot.
type Snapshot struct {
	ID         int64
	RegionCode string
	TakenOn    string // YYYY-MM-DD
	Period     string // YYYY-MM
	Body       []byte
	TakenBy    string
	TakenAt    time.Time
}

// SnapshotNote is the analyst's note on an indicator of a snapshot's risk list.
type SnapshotNote struct {
	ID            int64
	SnapshotID    int64
	IndicatorCode string
	Note          string
	Actor         string
	At            time.Time
}

// PeriodBefore is the period whose figures a day's agenda or snapshot uses: the latest month
// whose last day is before day — the month before day's month.
func PeriodBefore(day time.Time) (year, month int) {
	first := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	return first.Year(), int(first.Month())
}

// SnapshotDue reports whether day is one on which the semi-monthly snapshot is taken: the 15th
// and the last day of the month.
func SnapshotDue(day time.Time) bool {
	return day.Day() == 15 || day.AddDate(0, 0, 1).Day() == 1
}
