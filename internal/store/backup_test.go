package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

func retailAt(t *testing.T, s *store.Store) float64 {
	t.Helper()
	got, err := s.Observations(context.Background(), store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}})
	if err != nil || len(got) != 1 {
		t.Fatalf("got %v, %v; want one retail figure", got, err)
	}
	return *got[0].Value
}

func putRetail(t *testing.T, s *store.Store, v float64) {
	t.Helper()
	if _, err := s.ApplyBatch(context.Background(), store.Batch{Actor: "tester", Source: "t", Observations: []domain.Observation{
		{RegionCode: "440784", IndicatorCode: "retail", Period: "2023-06", Value: domain.F(v)}}}); err != nil {
		t.Fatal(err)
	}
}

func lastAction(t *testing.T, s *store.Store) string {
	t.Helper()
	log, err := s.AuditLog(context.Background(), 1)
	if err != nil || len(log) == 0 {
		t.Fatalf("audit log: %v", err)
	}
	return log[0].Action
}

// A backup taken, a later change, a restore: the backed-up figure is back, the restore audited;
// a damaged backup is refused and changes nothing.
func TestBackupRestoreSQLite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, backup := filepath.Join(dir, "live.db"), filepath.Join(dir, "backup.db")
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	putRetail(t, s, 70.13)
	if err := s.Backup(ctx, store.Who{Username: "admin"}, db, backup); err != nil {
		t.Fatal(err)
	}
	if lastAction(t, s) != "backup.create" {
		t.Error("backup not audited")
	}
	if err := s.Backup(ctx, store.Who{Username: "admin"}, db, backup); err == nil {
		t.Error("a second backup onto the same file: got no error")
	}
	putRetail(t, s, 99.99)
	s.Close()

	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database"), 0o600)
	if err := store.RestoreSQLite(ctx, store.Who{Username: "admin"}, db, junk); err == nil {
		t.Error("restore from junk: got no error")
	}
	if err := store.RestoreSQLite(ctx, store.Who{Username: "admin"}, db, backup); err != nil {
		t.Fatal(err)
	}
	s, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := retailAt(t, s); got != 70.13 {
		t.Errorf("after restore: got %v, want 70.13", got)
	}
	if lastAction(t, s) != "backup.restore" {
		t.Error("restore not audited")
	}
}

func TestBackupRestorePostgres(t *testing.T) {
	ctx := context.Background()
	dsn, drop := storetest.NewPostgresSchema(t)
	t.Cleanup(drop)
	backup := filepath.Join(t.TempDir(), "pacer.dump")
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	putRetail(t, s, 70.13)
	if err := s.Backup(ctx, store.Who{Username: "admin"}, dsn, backup); err != nil {
		t.Fatal(err)
	}
	putRetail(t, s, 99.99)
	s.Close()
	if err := store.RestorePostgres(ctx, store.Who{Username: "admin"}, dsn, backup); err != nil {
		t.Fatal(err)
	}
	s, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := retailAt(t, s); got != 70.13 {
		t.Errorf("after restore: got %v, want 70.13", got)
	}
	if lastAction(t, s) != "backup.restore" {
		t.Error("restore not audited")
	}
}
