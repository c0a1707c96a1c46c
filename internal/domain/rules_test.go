package domain

import (
	"errors"
	"testing"
	"time"
)

func TestSameFigure(t *testing.T) {
	for _, c := range []struct {
		a, b *float64
		want bool
	}{
		{nil, nil, true}, {F(1), nil, false}, {nil, F(1), false}, {F(1.5), F(1.5), true}, {F(1.5), F(1.50001), false},
	} {
		if got := SameFigure(c.a, c.b); got != c.want {
			t.Errorf("SameFigure(%v, %v): got %t, want %t", c.a, c.b, got, c.want)
		}
	}
}

func TestTargetValidate(t *testing.T) {
	flow := Indicator{Code: "retail", Kind: KindFlow}
	rate := Indicator{Code: "fai", Kind: KindRate}
	for _, c := range []struct {
		name   string
		t      Target
		ind    Indicator
		fields []string // the fields refused, in order
		keys   []string
	}{
		{"value on a flow", Target{Value: F(100)}, flow, nil, nil},
		{"growth on a rate", Target{Growth: F(8)}, rate, nil, nil},
		{"value on a rate", Target{Value: F(100)}, rate, []string{"value"}, []string{"goals.target.rate_value"}},
		{"value and growth on a rate", Target{Value: F(100), Growth: F(8)}, rate, []string{"value"}, []string{"goals.target.rate_value"}},
		{"neither", Target{}, flow, []string{"value"}, []string{"goals.target.empty"}},
		{"value zero", Target{Value: F(0)}, flow, []string{"value"}, []string{"goals.target.value_positive"}},
		{"growth -100", Target{Growth: F(-100)}, flow, []string{"growth"}, []string{"goals.target.growth_range"}},
		{"all wrong on a rate", Target{Value: F(-1), Growth: F(-120)}, rate, []string{"value", "growth", "value"},
			[]string{"goals.target.value_positive", "goals.target.growth_range", "goals.target.rate_value"}},
	} {
		ps := c.t.Problems(c.ind)
		if len(ps) != len(c.fields) {
			t.Errorf("%s: got %d problems %v, want %v", c.name, len(ps), ps, c.keys)
			continue
		}
		for i, p := range ps {
			if p.Field != c.fields[i] || p.Err.Msg.Key != c.keys[i] || p.Err.Kind != EINVALID || p.Expected.IsZero() {
				t.Errorf("%s #%d: got %s %s, want %s %s", c.name, i, p.Field, p.Err.Msg.Key, c.fields[i], c.keys[i])
			}
		}
		if err := c.t.Validate(c.ind); (err == nil) != (len(c.keys) == 0) || (err != nil && ErrorKind(err) != EINVALID) {
			t.Errorf("%s: Validate got %v, want %v", c.name, err, c.keys)
		}
	}
}

func TestSubmissionTransitions(t *testing.T) {
	now := time.Date(2023, 7, 10, 9, 0, 0, 0, time.UTC)
	sub := func(state string) *Submission {
		return &Submission{ID: 7, Period: "2023-06", State: state, SubmittedBy: "rep", Value: F(1)}
	}
	for _, c := range []struct {
		name      string
		x         *Submission
		do        func(x *Submission) error
		kind, key string // "" when allowed
		state     string // the state after
	}{
		{"approve", sub(Submitted), func(x *Submission) error { return x.Approve("ana", PeriodOpen, now) }, "", "", Approved},
		{"approve own", sub(Submitted), func(x *Submission) error { return x.Approve("Rep", PeriodOpen, now) }, EFORBIDDEN, "review.err.own", Submitted},
		{"approve locked", sub(Submitted), func(x *Submission) error { return x.Approve("ana", PeriodLocked, now) }, ECONFLICT, "review.err.locked", Submitted},
		{"approve draft", sub(Draft), func(x *Submission) error { return x.Approve("ana", PeriodOpen, now) }, ECONFLICT, "review.err.not_submitted", Draft},
		{"approve returned", sub(Returned), func(x *Submission) error { return x.Approve("ana", PeriodOpen, now) }, ECONFLICT, "review.err.not_submitted", Returned},
		{"approve approved", sub(Approved), func(x *Submission) error { return x.Approve("ana", PeriodOpen, now) }, ECONFLICT, "review.err.not_submitted", Approved},
		{"return", sub(Submitted), func(x *Submission) error { return x.Return("ana", " 请核实 ", now) }, "", "", Returned},
		{"return without reason", sub(Submitted), func(x *Submission) error { return x.Return("ana", " ", now) }, EINVALID, "review.err.reason_required", Submitted},
		{"return own", sub(Submitted), func(x *Submission) error { return x.Return("rep", "x", now) }, EFORBIDDEN, "review.err.own", Submitted},
		{"return approved", sub(Approved), func(x *Submission) error { return x.Return("ana", "x", now) }, ECONFLICT, "review.err.not_submitted", Approved},
	} {
		err := c.do(c.x)
		var e *Error
		switch {
		case c.kind == "" && err != nil:
			t.Errorf("%s: got %v, want allowed", c.name, err)
		case c.kind != "" && (!errors.As(err, &e) || e.Kind != c.kind || e.Msg.Key != c.key):
			t.Errorf("%s: got %v, want %s %s", c.name, err, c.kind, c.key)
		}
		if c.x.State != c.state {
			t.Errorf("%s: got state %s, want %s", c.name, c.x.State, c.state)
		}
		if c.kind == "" && (c.x.ReviewedBy != "ana" || c.x.ReviewedAt == nil || !c.x.ReviewedAt.Equal(now)) {
			t.Errorf("%s: got reviewed by %q at %v, want ana at %v", c.name, c.x.ReviewedBy, c.x.ReviewedAt, now)
		}
	}
}

func TestSave(t *testing.T) {
	now := time.Date(2023, 7, 10, 9, 0, 0, 0, time.UTC)
	in := Submission{UnitCode: "u", RegionCode: "r", IndicatorCode: "i", Period: "2023-06", Value: F(5), Note: " n "}
	reviewed := now.Add(-time.Hour)
	for _, c := range []struct {
		name        string
		prev        *Submission
		draft       bool
		wantID      int64
		wantState   string
		wantChanged bool
	}{
		{"first", nil, false, 0, Submitted, true},
		{"first draft", nil, true, 0, Draft, true},
		{"after approval: a new one", &Submission{ID: 3, State: Approved, Value: F(4)}, false, 0, Submitted, true},
		{"returned: updated", &Submission{ID: 3, State: Returned, Value: F(4), ReviewedBy: "ana", ReviewedAt: &reviewed, Reason: "x"}, false, 3, Submitted, true},
		{"draft submitted", &Submission{ID: 3, State: Draft, Value: F(5), Note: "n"}, false, 3, Submitted, true},
		{"unchanged", &Submission{ID: 3, State: Submitted, Value: F(5), Note: "n"}, false, 3, Submitted, false},
	} {
		next, changed, err := Save(c.prev, in, c.draft, "rep", now)
		if err != nil || next.ID != c.wantID || next.State != c.wantState || changed != c.wantChanged {
			t.Errorf("%s: got id %d %s changed=%t %v, want id %d %s changed=%t", c.name, next.ID, next.State, changed, err, c.wantID, c.wantState, c.wantChanged)
		}
		if changed && (next.Note != "n" || next.SubmittedBy != "rep" || next.Reason != "" || next.ReviewedAt != nil) {
			t.Errorf("%s: got %+v, want the note trimmed, submitted by rep, review cleared", c.name, next)
		}
	}
	if _, _, err := Save(nil, Submission{}, false, "rep", now); ErrorKind(err) != EINVALID {
		t.Errorf("no figure: got %v, want invalid", err)
	}
}

func TestHeadline(t *testing.T) {
	head := FocusPoint{ID: 1, Position: 0, Title: "总目标：GDP 增长 6%", Measures: []Measure{{Text: "x"}, {IndicatorCode: "nope"}, {IndicatorCode: "gdp_town"}}}
	other := FocusPoint{ID: 2, Position: 1, Title: "工业", Measures: []Measure{{IndicatorCode: "industry"}}}
	known := func(code string) bool { return code != "nope" }
	for _, c := range []struct {
		name     string
		points   []FocusPoint
		headID   int64
		rest     int
		headline string
	}{
		{"headline first", []FocusPoint{head, other}, 1, 1, "gdp_town"},
		{"no position 0", []FocusPoint{other}, 0, 1, "gdp"},
		{"empty", nil, 0, 0, "gdp"},
	} {
		h, rest := Headline(c.points)
		gotID := int64(0)
		if h != nil {
			gotID = h.ID
		}
		if gotID != c.headID || len(rest) != c.rest {
			t.Errorf("%s: got head %d and %d others, want %d and %d", c.name, gotID, len(rest), c.headID, c.rest)
		}
		if got := HeadlineIndicator(c.points, known); got != c.headline {
			t.Errorf("%s: headline indicator got %s, want %s", c.name, got, c.headline)
		}
	}
	if !head.SaysHeadline() || other.SaysHeadline() || !(FocusPoint{Title: "Headline: growth"}).SaysHeadline() {
		t.Errorf("SaysHeadline: got %t %t, want true false", head.SaysHeadline(), other.SaysHeadline())
	}
}
