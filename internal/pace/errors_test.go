package pace

import (
	"errors"
	"strings"
	"testing"
)

func TestErrorKeys(t *testing.T) {
	keys := ReasonKeys()
	if len(keys) < 20 {
		t.Fatalf("ReasonKeys: got %d keys, want every sentinel and note (≥ 20)", len(keys))
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if !strings.HasPrefix(k, "reason.") || strings.ContainsAny(k, " \t，") {
			t.Errorf("key %q: want a catalogue key reason.<name>", k)
		}
		if seen[k] {
			t.Errorf("key %q: got it twice, want each sentinel's key unique", k)
		}
		seen[k] = true
	}
	if got := ErrNoBase.Error(); got != "reason.no_base" {
		t.Errorf("ErrNoBase.Error(): got %q, want reason.no_base", got)
	}
	if got := ErrYearOver.Key(); got != ErrYearOver.Error() {
		t.Errorf("Key(): got %q, want Error() %q", got, ErrYearOver.Error())
	}
}

func TestErrorIs(t *testing.T) {
	tests := []struct {
		err, target error
		want        bool
	}{
		{ErrNoBaseYear, ErrNoBase, true},
		{ErrNoOpening, ErrNoBase, true},
		{ErrNoRestBase, ErrNoBase, true},
		{ErrNoBase, ErrNoBaseYear, false},
		{ErrNoValue, ErrNoBase, false},
		{ErrNoRestBase, ErrYearOver, false},
	}
	for _, tt := range tests {
		if got := errors.Is(tt.err, tt.target); got != tt.want {
			t.Errorf("errors.Is(%v, %v): got %v, want %v", tt.err, tt.target, got, tt.want)
		}
	}
}
