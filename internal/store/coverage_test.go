package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"testing"

	"pacer/internal/store"
)

// notInContract lists exported Store methods the contract suite need not call, with the reason
// (none today).
var notInContract = map[string]string{}

// Every exported method of *store.Store is called by the contract suite (internal/store/storetest),
// which runs on both databases: a method added without a contract test fails here. The suite's
// sources are read for calls of the form s.Method(…), s being the store under test.
func TestContractCoversEveryMethod(t *testing.T) {
	called := map[string]bool{}
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, "storetest", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					// s is the store under test throughout the suite.
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
						if x, ok := sel.X.(*ast.Ident); ok && x.Name == "s" {
							called[sel.Sel.Name] = true
						}
					}
				}
				return true
			})
		}
	}
	typ := reflect.TypeOf(&store.Store{})
	var missing []string
	n := 0
	for i := range typ.NumMethod() {
		name := typ.Method(i).Name
		if strings.HasSuffix(name, "ForTest") {
			continue // test hooks of export_test.go
		}
		n++
		if !called[name] && notInContract[name] == "" {
			missing = append(missing, name)
		}
	}
	if n < 50 {
		t.Fatalf("got %d exported methods, want the Store's whole API", n)
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("exported Store methods no contract test calls (add one in storetest/, run on both databases):\n%s",
			strings.Join(missing, "\n"))
	}
}
