package cache

import (
	"context"
	"errors"
	"testing"
)

func TestGet(t *testing.T) {
	ctx := context.Background()
	version := int64(1)
	c := New(func(context.Context) (int64, error) { return version, nil })
	calls := 0
	compute := func() (int, error) { calls++; return calls * 10, nil }

	steps := []struct {
		version   int64
		want      int
		wantCalls int
	}{
		{1, 10, 1}, // miss
		{1, 10, 1}, // hit
		{2, 20, 2}, // a write moved the version on: recomputed
		{2, 20, 2},
		{1, 30, 3}, // an older version (a lagging read standby): computed, not stored
		{2, 20, 3}, // the newer views are still there
	}
	for i, s := range steps {
		version = s.version
		got, err := Get(c, ctx, "k", compute)
		if err != nil || got != s.want || calls != s.wantCalls {
			t.Errorf("step %d: got %d, %v after %d calls; want %d after %d", i, got, err, calls, s.want, s.wantCalls)
		}
	}
	// The same key under another type is another entry.
	s, err := Get(c, ctx, "k", func() (string, error) { return "text", nil })
	if err != nil || s != "text" {
		t.Errorf("string under the same key: got %q, %v; want text", s, err)
	}
	// Errors are not cached.
	boom := errors.New("boom")
	if _, err := Get(c, ctx, "e", func() (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("got %v, want boom", err)
	}
	if got, _ := Get(c, ctx, "e", func() (int, error) { return 7, nil }); got != 7 {
		t.Errorf("after an error: got %d, want 7 (errors must not be cached)", got)
	}
}
