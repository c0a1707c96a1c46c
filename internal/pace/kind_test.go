package pace

import "testing"

func TestStale(t *testing.T) {
	p := func(y, m int) Period { return Period{Year: y, Month: m} }
	tests := []struct {
		name       string
		figure, at Period
		freq       Frequency
		want       bool
	}{
		{"GDP June, shown in July", p(2023, 6), p(2023, 7), Quarterly, false},
		{"GDP June, shown in August", p(2023, 6), p(2023, 8), Quarterly, false},
		{"GDP June, shown in September", p(2023, 6), p(2023, 9), Quarterly, true},
		{"GDP June, shown in December", p(2023, 6), p(2023, 12), Quarterly, true},
		{"GDP December, shown next February", p(2022, 12), p(2023, 2), Quarterly, false},
		{"monthly January, shown in June", p(2023, 1), p(2023, 6), Monthly, true},
		{"monthly, 1–2月 start: nothing is due in January", p(2022, 12), p(2023, 1), Monthly, false},
		{"monthly January, shown in February", p(2023, 1), p(2023, 2), Monthly, true},
		{"monthly February, shown in February", p(2023, 2), p(2023, 2), Monthly, false},
		{"monthly May, shown in June", p(2023, 5), p(2023, 6), Monthly, true},
		{"\"\" is monthly", p(2023, 5), p(2023, 6), "", true},
		{"half-yearly June, shown in November", p(2023, 6), p(2023, 11), HalfYearly, false},
		{"half-yearly June, shown in December", p(2023, 6), p(2023, 12), HalfYearly, true},
		{"yearly last December, shown in November", p(2022, 12), p(2023, 11), Yearly, false},
		{"yearly two Decembers ago", p(2021, 12), p(2023, 6), Yearly, true},
		{"a figure of the period itself", p(2023, 3), p(2023, 3), Quarterly, false},
	}
	for _, tt := range tests {
		if got := Stale(tt.figure, tt.at, tt.freq); got != tt.want {
			t.Errorf("%s: Stale(%v, %v, %q): got %v, want %v", tt.name, tt.figure, tt.at, tt.freq, got, tt.want)
		}
	}
}

func TestStaleKeepsArithmetic(t *testing.T) {
	// GDP of June shown at December: June's arithmetic and time progress, status stale.
	fig := defaults(Figures{Month: 6, Value: f(223.83), Growth: f(4.7), BaseYear: f(460), ComparablePrice: true, Stale: true})
	r := EvaluateTier(fig, Derive(fig), TierTarget{Growth: f(8)})
	checkPtr(t, "time_progress", r.TimeProgress, 50)
	checkPtr(t, "required_growth", r.RequiredGrowth, 10.87)
	checkPtr(t, "gap_pp", r.GapPP, -3.3)
	checkStr(t, "status", string(r.Status), string(StatusStale))
	checkStr(t, "status reason", r.Reasons["status"], ErrStale.Error())
	checkStr(t, "price_basis", r.PriceBasis, BasisComparable)
}

func TestDeriveNotes(t *testing.T) {
	tests := []struct {
		name        string
		fig         Figures
		field, want string
	}{
		{"growth from money values is 现价", Figures{Month: 6, Value: f(80), BaseYTD: f(70), Money: true}, "growth", noteGrowthComputedCurrent.Error()},
		{"growth from counts is not 现价", Figures{Month: 6, Value: f(45), BaseYTD: f(40), Kind: KindCount}, "growth", noteGrowthComputed.Error()},
		{"a level's growth is never computed", Figures{Month: 6, Value: f(5.8), BaseYTD: f(5.6), Kind: KindLevel}, "growth", ErrLevelGrowthPublished.Error()},
		{"comparable-price growth is never computed", Figures{Month: 6, Value: f(223), BaseYTD: f(213), ComparablePrice: true}, "growth", ErrComparableGrowth.Error()},
		{"base implied by comparable-price growth", Figures{Month: 6, Value: f(223.83), Growth: f(4.7), ComparablePrice: true}, "base_ytd", noteBaseImpliedComparable.Error()},
		{"base implied by a published nominal growth", Figures{Month: 6, Value: f(80), Growth: f(14.3)}, "base_ytd", noteBaseImplied.Error()},
		{"a level is not projected", Figures{Month: 6, Value: f(5.8), Kind: KindLevel}, "projected_value", ErrLevelNoProjection.Error()},
		{"a stock needs last December's balance", Figures{Month: 6, Value: f(520), Kind: KindStock}, "projected_value", ErrNoOpening.Error()},
		{"a stock is linear", Figures{Month: 6, Value: f(520), BaseYear: f(500), Kind: KindStock, Seasonal: true}, "time_progress", noteStockLinear.Error()},
	}
	for _, tt := range tests {
		d := Derive(defaults(tt.fig))
		checkStr(t, tt.name, d.Reasons[tt.field], tt.want)
	}
	// A level's change over last year, in its unit.
	d := Derive(defaults(Figures{Month: 6, Value: f(5.8), BaseYTD: f(5.6), Kind: KindLevel}))
	checkPtr(t, "level change", d.Change, 0.2)
	if d.Growth != nil {
		t.Errorf("level growth: got %v, want nil", *d.Growth)
	}
}

func TestYearOverOnlyInDecember(t *testing.T) {
	// B_ytd = B_year at November (nothing last year after November): not "the year is over".
	nov := defaults(Figures{Month: 11, Value: f(110), BaseYTD: f(100), BaseYear: f(100)})
	r := EvaluateTier(nov, Derive(nov), TierTarget{Value: f(120)})
	checkAbsent(t, "required_growth", r.RequiredGrowth, r.Reasons, ErrNoRestBase)
	dec := nov
	dec.Month = 12
	r = EvaluateTier(dec, Derive(dec), TierTarget{Value: f(120)})
	checkAbsent(t, "required_growth", r.RequiredGrowth, r.Reasons, ErrYearOver)
	stock := defaults(Figures{Month: 12, Value: f(520), BaseYear: f(500), Kind: KindStock})
	r = EvaluateTier(stock, Derive(stock), TierTarget{Value: f(550)})
	checkAbsent(t, "required_growth", r.RequiredGrowth, r.Reasons, ErrYearOver)
}
