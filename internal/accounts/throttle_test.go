package accounts

import (
	"testing"
	"time"
)

func TestIPThrottle(t *testing.T) {
	th := newThrottle()
	now := time.Date(2023, 7, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < MaxFailuresPerIP; i++ {
		if th.blocked("10.0.0.1", now) {
			t.Fatalf("after %d failures: got blocked, want allowed", i)
		}
		th.fail("10.0.0.1", now)
	}
	if !th.blocked("10.0.0.1", now) {
		t.Errorf("after %d failures: got allowed, want blocked", MaxFailuresPerIP)
	}
	if th.blocked("10.0.0.2", now) {
		t.Errorf("another address: got blocked, want allowed")
	}
	if th.blocked("10.0.0.1", now.Add(ThrottleWindow)) {
		t.Errorf("after the window: got blocked, want allowed")
	}
}
