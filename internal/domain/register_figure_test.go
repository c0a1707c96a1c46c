package domain

import "testing"

func TestCountingFigure(t *testing.T) {
	off := &Observation{Value: F(90), Source: "bureau"}
	reg := &Observation{Value: F(88.2), Source: SourceRegister}
	for _, tc := range []struct {
		basis     FigureBasis
		off, reg  *Observation
		want      float64
		wantBasis FigureBasis
		ok        bool
	}{
		{BasisOfficial, off, reg, 90, BasisOfficial, true},
		{BasisRegister, off, reg, 88.2, BasisRegister, true},
		{BasisOfficial, nil, reg, 88.2, BasisRegister, true},
		{BasisRegister, off, nil, 90, BasisOfficial, true},
		{BasisRegister, nil, nil, 0, "", false},
	} {
		got, b, ok := CountingFigure(tc.basis, tc.off, tc.reg)
		if ok != tc.ok || b != tc.wantBasis || (ok && *got.Value != tc.want) {
			t.Errorf("%s: got %v %s %v, want %v %s %v", tc.basis, got.Value, b, ok, tc.want, tc.wantBasis, tc.ok)
		}
	}
}

func TestRegisterSumValidate(t *testing.T) {
	for _, tc := range []struct {
		s  RegisterSum
		ok bool
	}{
		{RegisterSum{Indicator: "x", Register: "projects", Measure: "completed"}, true},
		{RegisterSum{Indicator: "x", Register: "projects", Measure: "completed", Filter: "category=工业;level=省重点"}, true},
		{RegisterSum{Indicator: "x", Register: "leads", Measure: "investment", Filter: "source_region=大湾区"}, true},
		{RegisterSum{Indicator: "x", Register: "enterprises", Measure: "new_above_scale", Filter: "title=高新技术企业"}, true},
		{RegisterSum{Indicator: "", Register: "projects", Measure: "completed"}, false},
		{RegisterSum{Indicator: "x", Register: "ledger", Measure: "count"}, false},
		{RegisterSum{Indicator: "x", Register: "leads", Measure: "completed"}, false},
		{RegisterSum{Indicator: "x", Register: "projects", Measure: "count", Filter: "category="}, false},
		{RegisterSum{Indicator: "x", Register: "projects", Measure: "count", Filter: "category=工业;category=技改"}, false},
		{RegisterSum{Indicator: "x", Register: "projects", Measure: "count", Filter: "team=1"}, false},
	} {
		if err := tc.s.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v: got %v, want ok %v", tc.s, err, tc.ok)
		}
	}
	s := RegisterSum{Register: "projects", Filter: " stage = 动工 ;category=工业"}
	if got := CanonicalFilter(s.Conditions()); got != "category=工业;stage=动工" {
		t.Errorf("canonical filter: got %q", got)
	}
}
