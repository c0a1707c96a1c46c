package ingest

import (
	"context"
	"path/filepath"
	"strings"

	"pacer/internal/sheet"
	"pacer/internal/store"
)

// Options says who imports and from where (for the audit log).
type Options struct {
	Actor    string
	SourceIP string
	Limits   sheet.Limits
}

// ImportFiles reads, checks and writes files as one batch: every file is read and every row
// checked before anything is written, and the write is one transaction. A file that cannot be
// read, or any bad row, returns Problems and writes nothing.
func ImportFiles(ctx context.Context, s *store.Store, paths []string, opt Options) (store.BatchResult, error) {
	if opt.Limits == (sheet.Limits{}) {
		opt.Limits = sheet.DefaultLimits()
	}
	var tables []sheet.Table
	var probs Problems
	for _, p := range paths {
		ts, err := sheet.ReadFile(p, opt.Limits)
		if err != nil {
			probs = append(probs, FileProblem(filepath.Base(p), err))
			continue
		}
		tables = append(tables, ts...)
	}
	if len(probs) > 0 {
		return store.BatchResult{}, probs
	}
	return ImportTables(ctx, s, tables, opt)
}

// ImportTables checks tables already read and writes them as one batch.
func ImportTables(ctx context.Context, s *store.Store, tables []sheet.Table, opt Options) (store.BatchResult, error) {
	cat, err := LoadCatalogue(ctx, s)
	if err != nil {
		return store.BatchResult{}, err
	}
	b, probs := Parse(tables, cat)
	if len(probs) > 0 {
		return store.BatchResult{}, probs
	}
	b.Actor, b.SourceIP = opt.Actor, opt.SourceIP
	var names []string
	seen := map[string]bool{}
	for _, t := range tables {
		if !seen[t.File] {
			seen[t.File] = true
			names = append(names, t.File)
		}
	}
	b.Source = strings.Join(names, ", ")
	if err := checkScope(ctx, s, b); err != nil {
		return store.BatchResult{}, err
	}
	return s.ApplyBatch(ctx, b)
}
