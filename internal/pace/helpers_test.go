package pace

import (
	"errors"
	"math"
	"testing"
)

// f is a published or stored figure.
func f(x float64) *float64 { return &x }

// cent is how closely the worked examples hold: agreement to two decimals.
const cent = 0.005 + 1e-9

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// checkNear fails unless got is within tol of want.
func checkNear(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !near(got, want, tol) {
		t.Errorf("%s: got %v, want %v (±%g)", what, got, want, tol)
	}
}

// checkPtr fails unless got is present and within a cent of want.
func checkPtr(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: got nil, want %v", what, want)
		return
	}
	checkNear(t, what, *got, want, cent)
}

// checkAbsent fails unless got is nil and reasons[field] is want's text.
func checkAbsent(t *testing.T, field string, got *float64, reasons map[string]string, want error) {
	t.Helper()
	if got != nil {
		t.Errorf("%s: got %v, want nil (%v)", field, *got, want)
	}
	if reasons[field] != want.Error() {
		t.Errorf("%s reason: got %q, want %q", field, reasons[field], want.Error())
	}
}

// checkErr fails unless err is exactly the sentinel want (nil for success).
func checkErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if err != want || (want != nil && !errors.Is(err, want)) {
		t.Errorf("%s: got error %v, want %v", what, err, want)
	}
}
