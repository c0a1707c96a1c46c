package sheet

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
)

// BenchIndicators are the indicator codes WriteBenchObservations uses, with a
// typical monthly magnitude for a county (万元, or a count) used to make
// plausible values.
var BenchIndicators = []struct {
	Code  string
	Scale float64
}{
	{"gdp", 300_000},
	{"industry_va", 90_000},
	{"fai", 120_000},
	{"industrial_investment", 40_000},
	{"infra_investment", 30_000},
	{"realestate_investment", 35_000},
	{"techreform_investment", 12_000},
	{"retail", 100_000},
	{"trade", 60_000},
	{"tertiary_power", 8_000},
	{"services_revenue", 50_000},
	{"tourists", 400_000},
	{"tourism_revenue", 45_000},
	{"budget_revenue", 20_000},
	{"key_project_investment", 25_000},
	{"attracted_projects", 12},
	{"attracted_investment", 80_000},
	{"new_above_scale_industrial", 3},
}

// BenchHeader is the header row written by WriteBenchObservations.
var BenchHeader = []string{"region_code", "indicator", "period", "value", "growth"}

// WriteBenchObservations writes an .xlsx file at path with the header
// region_code, indicator, period, value, growth and n observation rows below
// it: region codes as text (e.g. "440784"), indicators from BenchIndicators,
// periods "2023-01".."2023-12", value and growth (percent) as numbers. Each
// (region, indicator, period) occurs at most once, so n may be at most
// len(regionCodes)×len(BenchIndicators)×12. The content is deterministic.
func WriteBenchObservations(path string, regionCodes []string, n int) (err error) {
	const periods = 12
	if n < 0 {
		return errors.New("WriteBenchObservations: n < 0")
	}
	if limit := len(regionCodes) * len(BenchIndicators) * periods; n > limit {
		return fmt.Errorf("WriteBenchObservations: %d 个地区最多 %d 行，要求 %d 行", len(regionCodes), limit, n)
	}
	rng := rand.New(rand.NewPCG(20230101, 440784))
	round := func(x float64, d int) float64 {
		p := math.Pow10(d)
		return math.Round(x*p) / p
	}
	i, region, ind, month := -1, 0, 0, 0
	var base float64
	next := func() ([]any, bool) {
		i++
		if i == 0 {
			return []any{BenchHeader[0], BenchHeader[1], BenchHeader[2], BenchHeader[3], BenchHeader[4]}, true
		}
		if i > n {
			return nil, false
		}
		if month == 0 {
			// a county's level for this indicator: 0.3×–3× the typical scale
			base = BenchIndicators[ind].Scale * (0.3 + 2.7*rng.Float64())
		}
		ic := BenchIndicators[ind]
		var value float64
		if ic.Scale < 100 { // counts
			value = float64(rng.IntN(int(ic.Scale)*2 + 1))
		} else {
			// cumulative-to-date figures grow through the year
			value = round(base*float64(month+1)/12*(0.9+0.2*rng.Float64()), 2)
		}
		growth := round(rng.NormFloat64()*6+4.5, 1)
		row := []any{regionCodes[region], ic.Code, fmt.Sprintf("2023-%02d", month+1), value, growth}
		if month++; month == periods {
			month = 0
			if ind++; ind == len(BenchIndicators) {
				ind = 0
				region++
			}
		}
		return row, true
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	return writeXLSX(out, "observations", next)
}
