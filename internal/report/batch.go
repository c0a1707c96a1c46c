package report

import (
	"context"
	"errors"
	"strings"

	"pacer/internal/domain"
)

// Failure is a region whose analysis a batch could not write, and why.
type Failure struct {
	Region domain.Region
	Err    error
}

// MonthlyBatch writes the analysis at period of each of regions (the county-level units under a
// parent: see store.Peers), one after another, handing each document to write. A region without
// figures still gets its report: the analysis says what the register holds for it, so an empty
// county shows as such rather than vanishing from the batch. A failure (gathering, rendering or
// writing) does not stop the batch: it is recorded and the next region is written. progress,
// when not nil, is called after each region with how many are done, of how many, and that
// region's failure (nil when written). The result lists the failures; the error is nil unless
// ctx was cancelled.
func (s *Service) MonthlyBatch(ctx context.Context, regions []domain.Region, period, lang string,
	write func(r domain.Region, docx []byte) error, progress func(done, total int, r domain.Region, err error)) ([]Failure, error) {
	var failed []Failure
	for i, r := range regions {
		if err := ctx.Err(); err != nil {
			return failed, err
		}
		b, err := s.MonthlyDocx(ctx, r.Code, period, lang)
		if err == nil {
			err = write(r, b)
		}
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return failed, err
			}
			failed = append(failed, Failure{Region: r, Err: err})
		}
		if progress != nil {
			progress(i+1, len(regions), r, err)
		}
	}
	return failed, nil
}

// FileName is the name of region's monthly analysis file in a batch's folder: code and name,
// the characters a file system refuses replaced, e.g. "440784-鹤山市-2023-06.docx".
func FileName(r domain.Region, period string) string {
	clean := strings.Map(func(c rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, c) || c < ' ' {
			return '_'
		}
		return c
	}, r.Name)
	return r.Code + "-" + clean + "-" + period + ".docx"
}
