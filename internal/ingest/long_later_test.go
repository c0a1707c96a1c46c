package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pacer/internal/sheet"
	"pacer/internal/store/storetest"
)

// TestLaterRowsChanged: a long file whose rows are read again when checked (laterRows) and that
// changed since it was first read is a problem naming it, and nothing is imported.
func TestLaterRowsChanged(t *testing.T) {
	s := storetest.OpenSQLite(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.csv")
	write := func(text string) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("region_code,indicator,period,value,growth\n440784,gdp,2023-01,100,4\n")
	later := laterRows{}
	tables, err := readFilesLater(ctx, []string{path}, sheet.Limits{}, later)
	if err != nil {
		t.Fatal(err)
	}
	if len(later) != 1 || len(tables) != 1 || len(tables[0].Rows) != 1 {
		t.Fatalf("got %d tables of %d rows, %d to read later; want the header only, read again later", len(tables), len(tables[0].Rows), len(later))
	}
	write("region_code,indicator,period,value,growth\n440784,gdp,2023-01,100,4\n440784,gdp,2023-02,200,4\n")
	_, err = importBulletin(ctx, s, tables, later, BulletinOptions{Layout: LayoutLong})
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].File != "a.csv" || !strings.Contains(ps.Format("zh-CN"), "文件在导入过程中被改动") {
		t.Fatalf("got %v, want one problem: a.csv changed", err)
	}

	// Cancelled while checking: the context's error, nothing else.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := importBulletin(cancelled, s, tables, later, BulletinOptions{Layout: LayoutLong}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: got %v, want context.Canceled", err)
	}
}
