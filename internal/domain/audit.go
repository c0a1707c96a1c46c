package domain

import "time"

// AuditEntry is one row of the append-only audit log: who did what to which object, from where,
// the value before and after, and how it ended.
type AuditEntry struct {
	ID         int64
	RecordedAt time.Time
	Actor      string
	SourceIP   string
	Action     string
	Object     string
	OldValue   string
	NewValue   string
	Outcome    string
}
