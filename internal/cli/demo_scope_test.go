package cli_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"pacer/internal/cli"
)

// `pacer demo` says its accounts see every region and how to make one that sees only Heshan
// (issue 16): the printed demo analyst is deployment-wide, so it sees another county's private
// data on a shared deployment, which a user walking the demo as "Heshan's analyst" would not expect.
func TestDemoSaysAccountsScope(t *testing.T) {
	d := filepath.Join(t.TempDir(), "demo.db")
	serving, cancel := context.WithCancel(ctx)
	defer cancel()
	out := &stopWhenServing{cancel: cancel}
	var errb bytes.Buffer
	if code := cli.Main(serving, cli.Env{Stdout: out, Stderr: &errb, Getenv: func(string) string { return "" }},
		[]string{"demo", "--addr", "127.0.0.1:0", "--db", d}); code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, errb.String())
	}
	if want := "--role analyst --region 440784 --db " + d; !strings.Contains(out.String(), "全部地区范围") || !strings.Contains(out.String(), want) {
		t.Errorf("demo output: want the accounts' scope said and %q\n%s", want, out.String())
	}
}
