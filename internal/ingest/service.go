package ingest

import (
	"context"
	"errors"
	"time"

	"pacer/internal/domain"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// Service is the import workflow over one store: one preview and one import for every file kind
// (long-format observations, targets and indicator definitions, and bureau bulletins).
//
// Observe, when set (by app or cli, e.g. to the server's metrics), is told how long each import
// took, its kind (observations, targets, bulletin) and outcome (ok, refused — the file had
// problems and nothing was written — or error).
type Service struct {
	store   *store.Store
	Observe func(kind, outcome string, d time.Duration)
}

// New returns the import workflow over st.
func New(st *store.Store) *Service { return &Service{store: st} }

// Preview reads tables as Import would and tells, without writing, what each figure, target and
// definition would do (ApplyBatch's own planning), with every problem, unmapped name and warning.
func (s *Service) Preview(ctx context.Context, tables []sheet.Table, opt BulletinOptions) (*Preview, error) {
	return PreviewBulletin(ctx, s.store, tables, opt)
}

// Import writes tables as one batch, or returns Problems and writes nothing.
func (s *Service) Import(ctx context.Context, tables []sheet.Table, opt BulletinOptions) (*BulletinResult, error) {
	start := time.Now()
	res, err := ImportBulletin(ctx, s.store, tables, opt)
	s.observe(start, opt, res, err)
	return res, err
}

// ImportFiles reads files in opt.Layout (long: long files only; auto: bulletins and long files)
// and imports them, with the same checks and warnings whatever the layout.
func (s *Service) ImportFiles(ctx context.Context, paths []string, opt BulletinOptions) (*BulletinResult, error) {
	start := time.Now()
	res, err := ImportBulletinFiles(ctx, s.store, paths, opt)
	s.observe(start, opt, res, err)
	return res, err
}

// observe tells Observe of an import that started at start.
func (s *Service) observe(start time.Time, opt BulletinOptions, res *BulletinResult, err error) {
	if s.Observe == nil {
		return
	}
	s.Observe(importKind(opt, res), Outcome(err), time.Since(start))
}

// Outcome names how an import ended, for its observer: "ok"; "refused" when the files had
// problems (Problems) or the request was invalid, and nothing was written; else "error".
func Outcome(err error) string {
	if err == nil {
		return "ok"
	}
	if ps := Problems(nil); errors.As(err, &ps) || domain.ErrorKind(err) == domain.EINVALID {
		return "refused"
	}
	return "error"
}

// importKind names what an import brought: "bulletin" when a sheet was read in a bulletin's
// layout, else "targets" when it brought targets and no figure, else "observations".
func importKind(opt BulletinOptions, res *BulletinResult) string {
	if res == nil {
		if opt.Layout == LayoutLong {
			return "observations"
		}
		return "bulletin"
	}
	for _, sh := range res.Sheets {
		if sh.Layout != "" && sh.Layout != LayoutLong {
			return "bulletin"
		}
	}
	t, o := res.Targets, res.Observations
	if t.New+t.Revised+t.Unchanged > 0 && o.New+o.Revised+o.Unchanged == 0 {
		return "targets"
	}
	return "observations"
}

// PreviewFiles reads files in opt.Layout and previews them (Preview): nothing is written. A file
// that cannot be read is a problem.
func (s *Service) PreviewFiles(ctx context.Context, paths []string, opt BulletinOptions) (*Preview, error) {
	tables, err := readFiles(ctx, paths, opt.Limits)
	if err != nil {
		return nil, err
	}
	return PreviewBulletin(ctx, s.store, tables, opt)
}
