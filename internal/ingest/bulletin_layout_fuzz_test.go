package ingest

import (
	"bytes"
	"testing"
	"time"

	"pacer/internal/catalog"
	"pacer/internal/domain"
	"pacer/internal/sheet"
)

// FuzzBulletinLayout feeds the layout recogniser (analyse, guessLayout, classify, pick, the two
// layouts) arbitrary xlsx bytes, mutated from the real-shaped bulletins under
// testdata/fuzz/FuzzBulletinLayout (replayed by every go test), with the built-in catalogue and
// no database: it must never panic, and every figure it reads names cells inside its sheet and
// holds a number. (go test -fuzz FuzzBulletinLayout ./internal/ingest/ explores further.)
func FuzzBulletinLayout(f *testing.F) {
	regions, err := catalog.Regions()
	if err != nil {
		f.Fatal(err)
	}
	cat := Catalogue{Regions: map[string]domain.Region{}, Indicators: map[string]domain.Indicator{}}
	for _, r := range regions {
		cat.Regions[r.Code] = r
	}
	for _, ind := range catalog.Indicators() {
		cat.Indicators[ind.Code] = ind
	}
	rv := newResolver(cat)
	lim := sheet.Limits{MaxBytes: 1 << 20, MaxRows: 500, MaxCols: 60, MaxUnzipped: 8 << 20, MaxEntries: 100, MaxCells: 20_000, Timeout: 10 * time.Second}
	f.Fuzz(func(t *testing.T, data []byte) {
		tables, err := sheet.ReadXLSX("f.xlsx", bytes.NewReader(data), int64(len(data)), lim)
		if err != nil {
			return // not a workbook: the reader's own error
		}
		for _, layout := range []Layout{LayoutAuto, LayoutRegionRows, LayoutIndicatorRows} {
			opt := &BulletinOptions{Layout: layout}
			for i := range tables {
				tb := &tables[i]
				sr := &sheetResult{t: tb, seen: map[string]bool{}, info: SheetInfo{File: tb.File, Sheet: tb.Sheet}}
				sc := &sheetCtx{rv: rv, opt: opt, source: "f", res: sr}
				sc.read(i)
				for _, fg := range sr.figures {
					if fg.labelRef == "" || fg.period == "" || fg.ind.Code == "" || fg.region.Code == "" {
						t.Fatalf("figure without its label cell, period, indicator or region: %+v", fg)
					}
					for _, c := range []struct {
						ref, text string
						v         *float64
					}{{fg.valueRef, fg.valueText, fg.value}, {fg.growthRef, fg.growthText, fg.growth}} {
						if c.text == "" {
							continue
						}
						if c.ref == "" || fg.trace().IsZero() {
							t.Fatalf("figure %s/%s: %q without its cell or trace", fg.region.Code, fg.ind.Code, c.text)
						}
						if v, err := ParseNumber(c.text); err == nil && (v == nil) != (c.v == nil) {
							t.Fatalf("figure %s/%s: text %q, number %v", fg.region.Code, fg.ind.Code, c.text, c.v)
						}
					}
				}
				for _, p := range sr.problems {
					if p.Expected.IsZero() {
						t.Fatalf("problem without a message: %+v", p)
					}
				}
			}
		}
	})
}
