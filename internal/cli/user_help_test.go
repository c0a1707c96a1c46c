package cli_test

import (
	"strings"
	"testing"
)

// TestUserHelpNamesRegion: the help of `pacer user` and `pacer --help` name --region (issue 16),
// the flag that gives an account its scope on a shared deployment.
func TestUserHelpNamesRegion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"user"}} {
		r := runIn(t, "", args...)
		out := r.stdout + r.stderr
		i := strings.Index(out, "user add")
		if i < 0 {
			t.Fatalf("pacer %s: no «user add» in\n%s", strings.Join(args, " "), out)
		}
		line, _, _ := strings.Cut(out[i:], "；")
		if !strings.Contains(line, "--region") {
			t.Errorf("pacer %s: got %q, want --region named for user add", strings.Join(args, " "), line)
		}
	}
}
