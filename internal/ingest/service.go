package ingest

import (
	"context"

	"pacer/internal/sheet"
	"pacer/internal/store"
)

// Service is the import workflow over one store: one preview and one import for every file kind
// (long-format observations, targets and indicator definitions, and bureau bulletins).
type Service struct {
	store *store.Store
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
	return ImportBulletin(ctx, s.store, tables, opt)
}

// ImportFiles reads files in opt.Layout (long: long files only; auto: bulletins and long files)
// and imports them, with the same checks and warnings whatever the layout.
func (s *Service) ImportFiles(ctx context.Context, paths []string, opt BulletinOptions) (*BulletinResult, error) {
	return ImportBulletinFiles(ctx, s.store, paths, opt)
}

// PreviewFiles reads files in opt.Layout and previews them (Preview): nothing is written. A file
// that cannot be read is a problem.
func (s *Service) PreviewFiles(ctx context.Context, paths []string, opt BulletinOptions) (*Preview, error) {
	tables, err := readFiles(paths, opt.Limits)
	if err != nil {
		return nil, err
	}
	return PreviewBulletin(ctx, s.store, tables, opt)
}
