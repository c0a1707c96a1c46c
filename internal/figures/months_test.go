package figures

import (
	"slices"
	"testing"
	"time"
)

// TestRegisterMonths: a register is current as of its write — every month of a year before the
// write's, January to the write's month of the write's year, nothing of a later year (no figure
// for the future); years in order, each once; nothing for none.
func TestRegisterMonths(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	october := time.Date(2023, 10, 20, 10, 0, 0, 0, cst).In(time.Local)
	if got, want := RegisterMonths([]string{"2023"}, october), []string{"2023-01", "2023-02", "2023-03", "2023-04",
		"2023-05", "2023-06", "2023-07", "2023-08", "2023-09", "2023-10"}; !slices.Equal(got, want) {
		t.Errorf("a write in October 2023: got %v, want %v", got, want)
	}
	got := RegisterMonths([]string{"2024", "2022", "2023", "2022"}, october)
	if len(got) != 12+10 || got[0] != "2022-01" || got[11] != "2022-12" || got[12] != "2023-01" || got[len(got)-1] != "2023-10" {
		t.Errorf("a write in October 2023 reaching 2022–2024: got %v, want 2022-01…2022-12, 2023-01…2023-10, nothing of 2024", got)
	}
	later := RegisterMonths([]string{"2023"}, time.Date(2026, 11, 30, 12, 0, 0, 0, cst))
	if len(later) != 12 || later[11] != "2023-12" {
		t.Errorf("a write in 2026: got %v, want every month of 2023", later)
	}
	if got := RegisterMonths(nil, october); len(got) != 0 {
		t.Errorf("no year: got %v, want none", got)
	}
}
