package figures

import (
	"slices"
	"testing"
)

// TestMonthsThrough: January to each year's latest month, years in order; nothing for none.
func TestMonthsThrough(t *testing.T) {
	got := MonthsThrough(map[string]string{"2024": "2024-02", "2023": "2023-03"})
	want := []string{"2023-01", "2023-02", "2023-03", "2024-01", "2024-02"}
	if !slices.Equal(got, want) {
		t.Errorf("MonthsThrough: got %v, want %v", got, want)
	}
	if got := MonthsThrough(nil); len(got) != 0 {
		t.Errorf("MonthsThrough(nil): got %v, want none", got)
	}
}
