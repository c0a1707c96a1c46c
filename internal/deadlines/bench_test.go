package deadlines_test

import (
	"testing"
	"time"

	"pacer/internal/deadlines"
	"pacer/internal/demo"
	"pacer/internal/store/storetest"
)

// BenchmarkLate measures Late over the demo county (its units and towns, July 2023 open) — what
// the dashboard's 迟报/未报 block costs per request:
//
//	go test ./internal/deadlines/ -run '^$' -bench Late -benchtime 200x
func BenchmarkLate(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d.Name, func(b *testing.B) {
			st := d.Open(b)
			if _, err := demo.Load(ctx, st); err != nil {
				b.Fatal(err)
			}
			if _, err := demo.SetUp(ctx, st, "Demo-2023x"); err != nil {
				b.Fatal(err)
			}
			dl := deadlines.New(st)
			at := time.Date(2023, 8, 14, 9, 0, 0, 0, time.UTC)
			b.ResetTimer()
			for b.Loop() {
				late, err := dl.Late(ctx, demo.Region, at)
				if err != nil || len(late) == 0 {
					b.Fatalf("late: %d units, %v", len(late), err)
				}
			}
		})
	}
}
