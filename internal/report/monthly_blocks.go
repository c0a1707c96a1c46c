package report

import "context"

// MonthlyBlocks is the analysis of region at period composed in lang: the blocks MonthlyDocx
// writes to Word, for a renderer of another format (the web's print view renders them as HTML).
// A renderer adds nothing to them: every sentence and figure is here.
func (s *Service) MonthlyBlocks(ctx context.Context, region, period, lang string) ([]Block, error) {
	m, err := s.Monthly(ctx, region, period)
	if err != nil {
		return nil, err
	}
	return Compose(m, lang), nil
}
