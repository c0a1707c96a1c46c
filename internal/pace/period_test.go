package pace

import (
	"encoding/json"
	"testing"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		want Period
		err  error
	}{
		{"2023-06", Period{2023, 6}, nil},
		{"2023-01", Period{2023, 1}, nil},
		{"2023-12", Period{2023, 12}, nil},
		{"1900-01", Period{1900, 1}, nil},
		{"2999-12", Period{2999, 12}, nil},
		{"2023-6", Period{}, ErrBadPeriod},
		{"2023-00", Period{}, ErrBadPeriod},
		{"2023-13", Period{}, ErrBadPeriod},
		{"1899-12", Period{}, ErrBadPeriod},
		{"3000-01", Period{}, ErrBadPeriod},
		{"2023/06", Period{}, ErrBadPeriod},
		{"2023-06-01", Period{}, ErrBadPeriod},
		{" 2023-06", Period{}, ErrBadPeriod},
		{"+023-06", Period{}, ErrBadPeriod},
		{"2023--6", Period{}, ErrBadPeriod},
		{"２０23-06", Period{}, ErrBadPeriod},
		{"", Period{}, ErrBadPeriod},
	}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in)
		if got != tt.want || err != tt.err {
			t.Errorf("ParsePeriod(%q): got %v, %v, want %v, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestPeriodMethods(t *testing.T) {
	p := Period{2023, 6}
	if got := p.String(); got != "2023-06" {
		t.Errorf("String: got %q, want 2023-06", got)
	}
	if got := p.LastYear(); got != (Period{2022, 6}) {
		t.Errorf("LastYear: got %v, want 2022-06", got)
	}
	if got := p.YearEnd(); got != (Period{2023, 12}) {
		t.Errorf("YearEnd: got %v, want 2023-12", got)
	}
	cmps := []struct {
		a, b Period
		want int
	}{
		{Period{2023, 6}, Period{2023, 7}, -1},
		{Period{2023, 6}, Period{2022, 12}, 1},
		{Period{2023, 6}, Period{2023, 6}, 0},
	}
	for _, c := range cmps {
		if got := c.a.Compare(c.b); got != c.want {
			t.Errorf("%v.Compare(%v): got %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestPeriodJSON(t *testing.T) {
	type row struct{ P Period }
	b, err := json.Marshal(row{Period{2023, 2}})
	if err != nil || string(b) != `{"P":"2023-02"}` {
		t.Errorf("Marshal: got %s, %v, want {\"P\":\"2023-02\"}", b, err)
	}
	var r row
	if err := json.Unmarshal([]byte(`{"P":"2024-11"}`), &r); err != nil || r.P != (Period{2024, 11}) {
		t.Errorf("Unmarshal: got %v, %v, want 2024-11", r.P, err)
	}
	if err := json.Unmarshal([]byte(`{"P":"2024-1"}`), &r); err == nil {
		t.Errorf("Unmarshal 2024-1: got nil error, want ErrBadPeriod")
	}
	if _, err := json.Marshal(row{}); err == nil {
		t.Errorf("Marshal zero Period: got nil error, want ErrBadPeriod")
	}
}

// FuzzParsePeriod replays the seeds in testdata/fuzz/FuzzParsePeriod on every go test.
// Whatever the input: either ErrBadPeriod, or a valid period that prints back as the input.
func FuzzParsePeriod(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			if err != ErrBadPeriod || p != (Period{}) {
				t.Fatalf("ParsePeriod(%q): got %v, %v, want zero Period, ErrBadPeriod", s, p, err)
			}
			return
		}
		if !p.Valid() {
			t.Fatalf("ParsePeriod(%q): got invalid %v with nil error", s, p)
		}
		if p.String() != s {
			t.Fatalf("ParsePeriod(%q).String(): got %q, want the input", s, p.String())
		}
	})
}
