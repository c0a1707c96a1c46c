package pace

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorTexts(t *testing.T) {
	all := []*Error{ErrNoBase, ErrNoBaseYear, ErrNoValue, ErrNoGrowth, ErrNoTarget, ErrYearOver, ErrBadPeriod}
	seen := map[string]bool{}
	for _, e := range all {
		zh, en := e.Error(), ReasonEN(e)
		if zh == "" || en == "" || zh == en {
			t.Errorf("%v: got zh %q, en %q, want two different non-empty texts", e, zh, en)
		}
		if seen[zh] {
			t.Errorf("%q: got it twice, want each sentinel's text unique", zh)
		}
		seen[zh] = true
		if got := ReasonTextEN(zh); got != en {
			t.Errorf("ReasonTextEN(%q): got %q, want %q", zh, got, en)
		}
	}
	if got := ErrNoBase.Error(); got != "缺少上年同期基数" {
		t.Errorf("ErrNoBase: got %q, want 缺少上年同期基数", got)
	}
}

func TestErrorIs(t *testing.T) {
	if !errors.Is(ErrNoBaseYear, ErrNoBase) {
		t.Errorf("errors.Is(ErrNoBaseYear, ErrNoBase): got false, want true")
	}
	if errors.Is(ErrNoBase, ErrNoBaseYear) {
		t.Errorf("errors.Is(ErrNoBase, ErrNoBaseYear): got true, want false")
	}
	if errors.Is(ErrNoValue, ErrNoBase) {
		t.Errorf("errors.Is(ErrNoValue, ErrNoBase): got true, want false")
	}
	wrapped := fmt.Errorf("row 3: %w", ErrNoTarget)
	if got := ReasonEN(wrapped); got != "no target is set" {
		t.Errorf("ReasonEN(wrapped): got %q, want the sentinel's English", got)
	}
	if got := ReasonEN(nil); got != "" {
		t.Errorf("ReasonEN(nil): got %q, want empty", got)
	}
	if got := ReasonEN(errors.New("other")); got != "other" {
		t.Errorf("ReasonEN(other): got %q, want other", got)
	}
	if got := ReasonTextEN("不认识"); got != "不认识" {
		t.Errorf("ReasonTextEN(unknown): got %q, want it unchanged", got)
	}
}
