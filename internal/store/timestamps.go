package store

import "time"

// Times are stored as timestamps in every table: timestamptz on PostgreSQL and, on SQLite (which
// has no time type), RFC 3339 text in UTC to the microsecond at a fixed width, so that text
// order is time order and SQL comparisons hold. Every time the store writes or compares goes
// through stamp; times read back are in the local time zone on both databases (pgx does so
// itself, the SQLite driver is told to by _timezone in openSQLite).

// sqliteTimeLayout is the one format of a time stored on SQLite.
const sqliteTimeLayout = "2006-01-02T15:04:05.000000Z"

// stamp is the value a time is stored (or compared) as: UTC, to the microsecond, without Go's
// monotonic clock reading; text of sqliteTimeLayout on SQLite, a time.Time for PostgreSQL.
func (d Dialect) stamp(t time.Time) any {
	t = t.UTC().Truncate(time.Microsecond)
	if d == SQLite {
		return t.Format(sqliteTimeLayout)
	}
	return t
}

// nullStamp is stamp for an optional time: NULL when t is nil.
func (d Dialect) nullStamp(t *time.Time) any {
	if t == nil {
		return nil
	}
	return d.stamp(*t)
}

// clock is the store's time source: the local time to the microsecond, as it reads back.
func clock() time.Time { return time.Now().Truncate(time.Microsecond) }
