package audit

import (
	"context"
	"time"

	"pacer/internal/domain"
)

// Retention returns how many days audit rows are kept (at least domain.MinAuditRetentionDays).
func (s *Service) Retention(ctx context.Context) (int, error) {
	return s.store.AuditRetention(ctx)
}

// SetRetention keeps audit rows days days from now on; fewer than domain.MinAuditRetentionDays
// is refused. The change is audited (audit.retention, old → new).
func (s *Service) SetRetention(ctx context.Context, by domain.Who, days int) error {
	if err := domain.CheckAuditRetention(days); err != nil {
		return err
	}
	return s.store.SetAuditRetention(ctx, by, days)
}

// Purge removes the audit rows recorded before before, which must be older than the retention
// (refused otherwise, with the earliest date that may be given), and returns how many went. The
// purge is itself audited in the same transaction, and that record stays. It is the only way
// rows leave the log; on PostgreSQL only the tables' owner may run it.
func (s *Service) Purge(ctx context.Context, by domain.Who, before time.Time) (int64, error) {
	days, err := s.store.AuditRetention(ctx)
	if err != nil {
		return 0, err
	}
	if err := domain.CheckAuditPurge(before, s.store.Now(), max(days, domain.MinAuditRetentionDays)); err != nil {
		return 0, err
	}
	return s.store.PurgeAudit(ctx, by, before)
}
