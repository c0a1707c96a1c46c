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

// MinAuditRetentionDays is the least time audit rows are kept (网络安全法 asks for six months);
// a deployment may keep them longer, never shorter.
const MinAuditRetentionDays = 180

// CheckAuditRetention refuses a retention of fewer than MinAuditRetentionDays days.
func CheckAuditRetention(days int) error {
	if days < MinAuditRetentionDays {
		return E(EINVALID, "audit.retention.err_min", days, MinAuditRetentionDays)
	}
	return nil
}

// CheckAuditPurge refuses a purge of the rows recorded before before when that reaches into the
// last retentionDays days before now: only rows older than the retention may leave.
func CheckAuditPurge(before, now time.Time, retentionDays int) error {
	limit := now.AddDate(0, 0, -retentionDays)
	if before.After(limit) {
		return E(EINVALID, "audit.purge.err_too_recent", before.Format("2006-01-02"), retentionDays, limit.Format("2006-01-02"))
	}
	return nil
}
