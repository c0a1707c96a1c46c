package cli_test

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"pacer/internal/demo"
	"pacer/internal/store"
)

// jiangmen are the county-level units of 江门 (440700), by code.
var jiangmen = map[string]string{
	"440703": "蓬江区", "440704": "江海区", "440705": "新会区", "440781": "台山市",
	"440783": "开平市", "440784": "鹤山市", "440785": "恩平市",
}

// documentXML is word/document.xml of the .docx at path (failing the test when it is no zip).
func documentXML(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("%s is not a zip: %v", path, err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("%s has no word/document.xml", path)
	return ""
}

// TestReportMonthlyBatch: `pacer report monthly --parent 440700` writes one .docx per county of
// 江门 into the directory — each a zip whose document names its county — and, without a
// terminal, says one line per file; --region with --parent is a misuse; an unknown parent fails
// with exit 1 naming it.
func TestReportMonthlyBatch(t *testing.T) {
	for _, db := range databases() {
		t.Run(db.name, func(t *testing.T) {
			dsn := db.make(t)
			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			_, err = demo.Load(ctx, s)
			s.Close()
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "reports")
			r := run(t, nil, "report", "monthly", "--db", dsn, "--parent", "440700", "--period", "2023-06", "--out", dir)
			if r.code != 0 {
				t.Fatalf("batch: exit %d: %s %s", r.code, r.stdout, r.stderr)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range entries {
				got = append(got, e.Name())
			}
			sort.Strings(got)
			if len(got) != len(jiangmen) {
				t.Fatalf("files %v, want one per county of 江门 (%d)", got, len(jiangmen))
			}
			for code, name := range jiangmen {
				file := code + "-" + name + "-2023-06.docx"
				path := filepath.Join(dir, file)
				if _, err := os.Stat(path); err != nil {
					t.Errorf("no %s among %v", file, got)
					continue
				}
				if doc := documentXML(t, path); !strings.Contains(doc, name) {
					t.Errorf("%s: word/document.xml does not name %s", file, name)
				}
				if !strings.Contains(r.stdout, path) {
					t.Errorf("stdout does not list %s:\n%s", path, r.stdout)
				}
			}
			if strings.Contains(r.stdout, "\r") {
				t.Errorf("a progress bar on a non-terminal stdout: %q", r.stdout)
			}
			// A file that cannot be written (a directory stands in its place) fails its region
			// only: named on stderr, the others written, exit 1.
			dir2 := filepath.Join(t.TempDir(), "blocked")
			if err := os.MkdirAll(filepath.Join(dir2, "440784-鹤山市-2023-06.docx"), 0o755); err != nil {
				t.Fatal(err)
			}
			r = run(t, nil, "report", "monthly", "--db", dsn, "--parent", "440700", "--period", "2023-06", "--out", dir2)
			if r.code != 1 || !strings.Contains(r.stderr, "鹤山市（440784）") {
				t.Errorf("a blocked file: exit %d %s, want 1 naming 鹤山市", r.code, r.stderr)
			}
			if _, err := os.Stat(filepath.Join(dir2, "440785-恩平市-2023-06.docx")); err != nil {
				t.Errorf("after 鹤山市 failed, 恩平市 was not written: %v", err)
			}
			if r := run(t, nil, "report", "monthly", "--db", dsn, "--parent", "440700", "--region", "440784", "--period", "2023-06", "--out", dir); r.code != 2 {
				t.Errorf("--region with --parent: exit %d %s, want 2", r.code, r.stderr)
			}
			if r := run(t, nil, "report", "monthly", "--db", dsn, "--parent", "449900", "--period", "2023-06", "--out", dir); r.code != 1 || !strings.Contains(r.stderr, "449900") {
				t.Errorf("an unknown parent: exit %d %s, want 1 naming it", r.code, r.stderr)
			}
		})
	}
}
