package architecture

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "pacer/internal/"

// workflow packages sit between the entry points (web, cli) and the store.
var workflows = []string{"scorecard", "ingest", "review", "goals", "accounts", "audit", "demo", "units", "setup", "projects", "figures", "plans", "notify", "schedule", "cadence", "leads", "enterprises", "report", "deadlines", "registers"}

// allowed lists, for every package under internal/, the packages of ours it may import (its
// non-test files). A package missing here fails the test: add it with the layer it belongs to
// (ARCHITECTURE.md).
var allowed = map[string][]string{
	// The pure core: no package of ours but the catalogues of text.
	"pace":   {},
	"locale": {},
	"cache":  {},
	"domain": {"locale"},
	// Small helpers over the core.
	"display": {"pace", "locale", "domain"},
	"catalog": {"domain"},
	"auth":    {"domain", "locale"},
	"sheet":   {"domain", "locale"},
	"report":  {"scorecard", "projects", "leads", "store", "display", "locale", "pace", "domain"},
	// The only SQL.
	"store": {"domain", "catalog", "locale", "pace"},
	// Workflows: the store and the core; never web, app or cli.
	"scorecard":   {"store", "domain", "pace", "cache", "locale", "catalog"},
	"ingest":      {"store", "domain", "pace", "sheet", "locale", "catalog"},
	"review":      {"store", "domain", "pace", "locale", "auth", "scorecard"},
	"goals":       {"store", "domain", "pace", "locale", "scorecard"},
	"accounts":    {"store", "domain", "auth", "locale"},
	"audit":       {"store", "domain", "locale", "sheet"},
	"units":       {"store", "domain", "locale"},
	"setup":       {"store", "domain", "scorecard", "locale"},
	"projects":    {"store", "domain", "pace", "sheet", "locale", "ingest", "figures"},
	"figures":     {"store", "domain", "locale"},
	"plans":       {"store", "domain", "pace", "locale", "scorecard"},
	"demo":        {"store", "domain", "ingest", "sheet", "auth", "accounts", "goals", "catalog", "locale", "projects", "plans", "scorecard", "leads", "enterprises", "figures"},
	"notify":      {"store", "domain", "locale"},
	"schedule":    {"store", "domain", "locale"},
	"cadence":     {"store", "domain", "pace", "locale", "scorecard", "display", "report"},
	"leads":       {"store", "domain", "pace", "sheet", "locale", "ingest", "cache", "figures"},
	"enterprises": {"store", "domain", "pace", "sheet", "locale", "ingest", "leads", "figures"},
	"deadlines":   {"store", "domain", "pace", "locale"},
	"registers":   {"store", "domain", "sheet", "locale", "ingest", "projects", "leads", "enterprises"},
	// Entry points: web sees workflows and the core, never the store.
	"web": append([]string{"domain", "pace", "display", "locale", "auth", "sheet", "cache"}, workflows...),
	// Wiring: the command and app join the store to the workflows and web.
	"app":          append([]string{"store", "web", "domain", "locale"}, workflows...),
	"cli":          append([]string{"store", "web", "app", "domain", "auth", "display", "locale", "pace", "sheet", "catalog"}, workflows...),
	"architecture": {},
}

// noIO are standard packages that do I/O (files, network, processes, databases, logs): the pure
// core may not import them.
var noIO = []string{"os", "os/exec", "os/signal", "net", "net/http", "net/url", "database/sql", "io/ioutil",
	"syscall", "log", "log/slog", "path/filepath", "embed"}

var pure = map[string]bool{"pace": true, "domain": true, "cache": true}

// thirdParty says which package alone may import a module.
var thirdParty = map[string]string{
	"github.com/xuri/excelize/v2": "sheet",
	"github.com/jackc/pgx/v5":     "store",
	"modernc.org/sqlite":          "store",
	"github.com/skip2/go-qrcode":  "web", // the second factor's QR code, a picture on one page
}

func TestImports(t *testing.T) {
	root := filepath.Join("..")
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		pkg := d.Name()
		imports := importsOf(t, filepath.Join(root, pkg))
		if len(imports) == 0 && !hasGo(filepath.Join(root, pkg)) {
			continue
		}
		seen++
		rules, known := allowed[pkg]
		if !known {
			t.Errorf("internal/%s is not in the import rules: add it to allowed (and to ARCHITECTURE.md)", pkg)
			continue
		}
		ok := map[string]bool{}
		for _, r := range rules {
			ok[r] = true
		}
		for _, imp := range imports {
			if ours, isOurs := strings.CutPrefix(imp, module); isOurs {
				top, _, _ := strings.Cut(ours, "/")
				if top != pkg && !ok[top] {
					t.Errorf("internal/%s imports %s: not allowed (allowed: %s)", pkg, imp, strings.Join(rules, ", "))
				}
				continue
			}
			for mod, only := range thirdParty {
				if (imp == mod || strings.HasPrefix(imp, mod+"/")) && pkg != only && !strings.HasPrefix(pkg, only+"/") {
					t.Errorf("internal/%s imports %s: only internal/%s may", pkg, imp, only)
				}
			}
			if pure[pkg] {
				for _, bad := range noIO {
					if imp == bad {
						t.Errorf("internal/%s imports %s: the pure core does no I/O", pkg, imp)
					}
				}
			}
		}
	}
	if seen < 10 {
		t.Fatalf("read %d packages under internal/: the walk is broken", seen)
	}
}

// The walk itself catches a forbidden import: web importing the store is refused.
func TestRuleRefusesWebImportingStore(t *testing.T) {
	for _, r := range allowed["web"] {
		if r == "store" {
			t.Fatal("the rules let internal/web import internal/store")
		}
	}
	for _, p := range []string{"pace", "domain"} {
		for _, r := range allowed[p] {
			if r != "locale" {
				t.Errorf("the rules let internal/%s import internal/%s", p, r)
			}
		}
	}
}

// importsOf returns the imports of the non-test Go files of dir and its subdirectories
// (subpackages count as the package: store/storetest is part of the store).
func importsOf(t *testing.T, dir string) []string {
	t.Helper()
	set := map[string]bool{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		if strings.Contains(p, string(filepath.Separator)+"testdata"+string(filepath.Separator)) {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			set[path] = true
		}
		return nil
	})
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func hasGo(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	return len(m) > 0
}
