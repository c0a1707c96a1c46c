package storetest

import (
	"os"
	"path/filepath"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testBackup: a checked backup is written (SQLite VACUUM INTO, PostgreSQL pg_dump) and audited;
// an existing file is never overwritten.
func testBackup(t *testing.T, s *store.Store) {
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "b",
		Observations: []domain.Observation{obs("440784", "retail", "2023-06", domain.F(70.13), nil)}}); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "backup")
	if err := s.Backup(ctx, sysadmin, DSN(t, s), dest); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dest); err != nil || fi.Size() == 0 {
		t.Fatalf("backup file: got %v, %v; want a non-empty file", fi, err)
	}
	if log, _ := s.AuditLog(ctx, 1); log[0].Action != "backup.create" || log[0].Actor != "admin (sysadmin)" {
		t.Errorf("audit: got %+v, want backup.create by admin", log[0])
	}
	if err := s.Backup(ctx, sysadmin, DSN(t, s), dest); err == nil {
		t.Error("a backup onto an existing file: got no error, want a refusal")
	}
}
