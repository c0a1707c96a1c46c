package figures_test

import (
	"fmt"
	"testing"

	"pacer/internal/catalog"
	"pacer/internal/domain"
	"pacer/internal/figures"
	"pacer/internal/store/storetest"
)

// BenchmarkRecordProvince records a province's register figures: 122 counties × 12 months × the
// four built-in sums (5,856 figures), first new, then all unchanged (what a recompute after
// an import that changed nothing costs).
func BenchmarkRecordProvince(b *testing.B) {
	regions, err := catalog.Regions()
	if err != nil {
		b.Fatal(err)
	}
	var counties []string
	for _, r := range regions {
		if r.Level == domain.LevelCounty && len(counties) < 122 {
			counties = append(counties, r.Code)
		}
	}
	var figs []domain.RegisterFigure
	for i, c := range counties {
		for m := 1; m <= 12; m++ {
			for _, sum := range domain.BuiltInRegisterSums() {
				figs = append(figs, domain.RegisterFigure{Region: c, Indicator: sum.Indicator, Period: fmt.Sprintf("2023-%02d", m),
					Value: float64(i*m) / 10, Register: sum.Register})
			}
		}
	}
	by := domain.Actor{Username: "bench"}
	for _, d := range storetest.Dialects {
		b.Run(d.Name+"/new", func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				w := figures.New(d.Open(b))
				b.StartTimer()
				if c, err := w.Record(ctx, by, figs); err != nil || c.New != len(figs) {
					b.Fatal(c, err)
				}
			}
		})
		b.Run(d.Name+"/unchanged", func(b *testing.B) {
			w := figures.New(d.Open(b))
			if _, err := w.Record(ctx, by, figs); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if c, err := w.Record(ctx, by, figs); err != nil || c.Unchanged != len(figs) {
					b.Fatal(c, err)
				}
			}
		})
	}
}
