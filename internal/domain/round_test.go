package domain

import "testing"

func TestRoundState(t *testing.T) {
	for _, tc := range []struct {
		latest   string
		official bool
		want     string
		owed     bool
	}{
		{"", false, RoundMissing, true},
		{"", true, RoundOfficial, false},
		{Draft, false, RoundMissing, true},
		{Draft, true, RoundOfficial, false},
		{Submitted, false, RoundSubmitted, true},
		{Submitted, true, RoundSubmitted, true}, // a revision awaiting a decision
		{Returned, false, RoundReturned, true},
		{Returned, true, RoundReturned, true},
		{Approved, true, RoundApproved, false},
		{Approved, false, RoundApproved, false},
	} {
		got := RoundState(tc.latest, tc.official)
		if got != tc.want || RoundOwed(got) != tc.owed {
			t.Errorf("RoundState(%q, official %v): got %s (owed %v), want %s (owed %v)", tc.latest, tc.official, got, RoundOwed(got), tc.want, tc.owed)
		}
	}
}
