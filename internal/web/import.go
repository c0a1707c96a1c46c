package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"pacer/internal/auth"
	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/locale"
	"pacer/internal/registers"
	"pacer/internal/sheet"
)

// Import: upload, preview, confirm.
//
// An upload is one or several files (at most impMaxFiles, impMaxBytes in all), previewed together
// and written on confirmation in one transaction. Register files (key projects, leads,
// enterprises; told by their header) are checked and written by the registers workflow, all of
// them together; other files as statistics. An upload of both is refused
// (registers.SortUpload): the two are written by different transactions.
//
// The file is read and checked as `pacer import --layout auto` does (ingest.PreviewBulletin:
// statistics bureau bulletins and long-format tables alike); the preview says what would be new,
// what would revise a current figure (old → new), what is unchanged or skipped and why, with
// every problem formatted as on the command line. Names a bulletin uses that map to no code can
// be mapped on the page (as --map name=code). Confirming writes with ingest.ImportBulletin: one
// transaction, or nothing.

// impMaxBytes caps an upload (its files together); impMaxFiles, how many files it may hold.
const (
	impMaxBytes = 20 << 20
	impMaxFiles = 10
)

// impTTL is how long an upload waits for its confirmation.
const impTTL = time.Hour

var impTokenRE = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// impDir holds pending uploads, one directory per random token: the files (upload-0,
// upload-1 …), who uploaded them, and the preview shown. Nothing is kept in memory, so any server
// process can confirm.
func impDir() string { return filepath.Join(os.TempDir(), "pacer-import") }

type impMeta struct {
	User    string    `json:"user"`
	Files   []impFile `json:"files"`
	Created time.Time `json:"created"`
	Maps    []string  `json:"maps,omitempty"` // name=code, as --map
}

// impFile is one file of an upload: its name as uploaded (made safe) and its size.
type impFile struct {
	Name string `json:"name"`
	Size int64  `json:"size"`
}

// names are the upload's file names, comma-separated.
func (m impMeta) names() string {
	ns := make([]string, len(m.Files))
	for i, f := range m.Files {
		ns[i] = f.Name
	}
	return strings.Join(ns, ", ")
}

func impUploadPath(dir string, i int) string { return filepath.Join(dir, "upload-"+strconv.Itoa(i)) }

// impReadAll reads the files of a pending upload (impRead each), with every file's problem.
func impReadAll(dir string, meta impMeta) ([]registers.File, ingest.Problems) {
	files := make([]registers.File, len(meta.Files))
	var probs ingest.Problems
	for i, f := range meta.Files {
		ts, ps := impRead(f.Name, impUploadPath(dir, i))
		files[i] = registers.File{Name: f.Name, Tables: ts}
		probs = append(probs, ps...)
	}
	return files, probs
}

type impPreview struct {
	File                              string // the upload's file names, comma-separated
	Size                              int64  // its bytes, all files
	Problems                          ingest.Problems
	Unmapped                          []ingest.UnmappedName
	Warnings                          ingest.Warnings
	Sheets                            []ingest.SheetInfo
	Observations, Targets, Indicators impCounts
	Ranks                             impCounts
	New, Revised, Unchanged, Skipped  []impRow
	Truncated                         bool // the lists are cut at impListMax rows each
	// Text is the problems and warnings rendered in each language when the preview is saved:
	// a message's arguments do not survive JSON (numbers come back as float64, a nested message
	// as a map), so a saved preview shows these instead.
	Text    map[string]impText `json:",omitempty"`
	Created time.Time
	Maps    []string
	Choices []domain.Indicator // to map unmapped names to
	// Register: the files are registers (key projects, leads, enterprises), checked by the
	// registers workflow; Lines say what confirming would write (new, revised, unchanged), in
	// each language.
	Register bool                `json:",omitempty"`
	Lines    map[string][]string `json:",omitempty"`
}

type impText struct{ Problems, Warnings []string }

// impCounts counts what an import would do with one kind of row.
type impCounts struct{ New, Revised, Unchanged int }

// impRow is one figure of the preview.
type impRow struct {
	Kind      string // observation | target | indicator | table
	Where     string // file:sheet!cell, for bulletins
	Region    string
	Indicator string
	When      string // period, or year
	Tier      string // a target's tier, shown by its name in the page's language
	Old, New  string
	Why       string     // a catalog key suffix: unchanged, blank
	Reason    locale.Msg // or a reason in words (bulletins)
	Rank      string
	Read      locale.Msg // how a bulletin figure was read: cells, number format, unit conversion
}

const impListMax = 500

type impView struct {
	Token    string // set when the preview can be confirmed
	MapToken string // set when names must be mapped first
	Preview  *impPreview
	Problems []string
	Warnings []string
	Error    string
	Result   *ingest.BulletinResult
	// Registers: what confirming a register file wrote (the command line's summary lines).
	Registers []string
	Max       string
	Expires   string
	// For the mapping form.
	Indicators []gtOption
	// Home is where the templates are for (nil without a home county); TplPeriod the period
	// of the figures template.
	Home      *homeAt
	TplPeriod string
}

func impSafeName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = filepath.Base(name)
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`/:*?"<>|!`, r) {
			return '_'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 100 {
		ext := filepath.Ext(name)
		name = string(r[:100-len([]rune(ext))]) + ext
	}
	if name == "." || name == "" {
		name = "upload"
	}
	return name
}

// impSweep removes pending uploads older than impTTL.
func impSweep() {
	entries, err := os.ReadDir(impDir())
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err == nil && time.Since(info.ModTime()) > impTTL {
			os.RemoveAll(filepath.Join(impDir(), e.Name()))
		}
	}
}

func impLimits() sheet.Limits {
	lim := sheet.DefaultLimits()
	lim.MaxBytes = impMaxBytes
	lim.Timeout = time.Minute
	return lim
}

// impRead reads an uploaded file as the command line does, a read error as a file problem.
func impRead(name, path string) ([]sheet.Table, ingest.Problems) {
	fail := func(err error) ([]sheet.Table, ingest.Problems) {
		return nil, ingest.Problems{ingest.FileProblem(name, err)}
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fail(err)
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		t, err := sheet.ReadCSV(name, f, impLimits())
		if err != nil {
			return fail(err)
		}
		return []sheet.Table{t}, nil
	case ".xlsx":
		ts, err := sheet.ReadXLSX(name, f, fi.Size(), impLimits())
		if err != nil {
			return fail(err)
		}
		return ts, nil
	}
	return fail(sheet.Unsupported(name))
}

// impLoad finds a pending upload of the signed-in account.
func impLoad(r *http.Request, token string) (string, impMeta, error) {
	var m impMeta
	notFound := domain.E(domain.ENOTFOUND, "import.expired")
	if !impTokenRE.MatchString(token) {
		return "", m, notFound
	}
	dir := filepath.Join(impDir(), token)
	b, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil || json.Unmarshal(b, &m) != nil {
		return "", m, notFound
	}
	if m.User != userOf(r).Username || time.Since(m.Created) > impTTL || len(m.Files) == 0 {
		return "", m, notFound
	}
	return dir, m, nil
}

func (s *Server) impRender(w http.ResponseWriter, r *http.Request, code int, v impView) {
	v.Max = "20 MB"
	if at, err := s.homeOf(r); err == nil {
		v.Home, v.TplPeriod = &at, tplNextPeriod(at)
	}
	lang := langOf(r)
	if v.Preview != nil {
		if text, ok := v.Preview.Text[lang]; ok {
			v.Problems, v.Warnings = text.Problems, text.Warnings
		} else {
			v.Problems, v.Warnings = impFormat(v.Preview, lang)
		}
		v.Expires = v.Preview.Created.Add(impTTL).Format("15:04")
		if v.Preview.Register {
			v.Registers = v.Preview.Lines[lang]
		}
		for _, ind := range v.Preview.Choices {
			v.Indicators = append(v.Indicators, gtOption{ind.Code, indicatorName(langOf(r), ind)})
		}
	}
	if v.Result != nil {
		for _, w := range v.Result.Warnings {
			v.Warnings = append(v.Warnings, w.Format(lang))
		}
	}
	s.render(w, r, code, "import.html", v)
}

// impFormat renders the problems and warnings of a preview in lang.
func impFormat(p *impPreview, lang string) (problems, warnings []string) {
	for _, pr := range p.Problems {
		problems = append(problems, pr.Format(lang))
	}
	for _, w := range p.Warnings {
		warnings = append(warnings, w.Format(lang))
	}
	return problems, warnings
}

// GET /import[?token=]: the upload form, or the preview of a pending upload.
func (s *Server) importPage(w http.ResponseWriter, r *http.Request) {
	impSweep()
	token := r.URL.Query().Get("token")
	if token == "" {
		s.impRender(w, r, http.StatusOK, impView{})
		return
	}
	dir, _, err := impLoad(r, token)
	if err != nil {
		s.impRender(w, r, http.StatusNotFound, impView{Error: displayError(r, err)})
		return
	}
	var p impPreview
	b, err := os.ReadFile(filepath.Join(dir, "preview.json"))
	if err != nil || json.Unmarshal(b, &p) != nil {
		s.impRender(w, r, http.StatusNotFound, impView{Error: tr(r, "import.expired")})
		return
	}
	v := impView{Preview: &p}
	switch {
	case len(p.Problems) == 0:
		v.Token = token
	case len(p.Unmapped) > 0:
		v.MapToken = token
	}
	s.impRender(w, r, http.StatusOK, v)
}

// POST /import (multipart: file, once or several times): keep the files under a random token,
// check them, and show their one preview (a redirect to GET /import?token=…). Nothing is
// written. A form with a token and map_key/map_code pairs instead of files maps a pending
// upload's unknown names and previews it again.
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) {
	impSweep()
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		s.impRemap(w, r)
		return
	}
	if r.MultipartForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, impMaxBytes+1<<20)
	}
	if err := r.ParseMultipartForm(4 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || strings.Contains(err.Error(), "request body too large") {
			s.impRender(w, r, http.StatusRequestEntityTooLarge, impView{Error: tr(r, "import.too_large", "20 MB")})
			return
		}
		s.impRender(w, r, http.StatusBadRequest, impView{Error: tr(r, "import.no_file")})
		return
	}
	fhs := r.MultipartForm.File["file"]
	if len(fhs) == 0 {
		s.impRender(w, r, http.StatusBadRequest, impView{Error: tr(r, "import.no_file")})
		return
	}
	if len(fhs) > impMaxFiles {
		s.impRender(w, r, http.StatusBadRequest, impView{Error: tr(r, "import.too_many", impMaxFiles)})
		return
	}
	meta := impMeta{User: userOf(r).Username, Created: time.Now()}
	var total int64
	for _, fh := range fhs {
		name := impSafeName(fh.Filename)
		if ext := strings.ToLower(filepath.Ext(name)); ext != ".csv" && ext != ".xlsx" {
			s.impRender(w, r, http.StatusUnsupportedMediaType, impView{Error: tr(r, "import.bad_type", name)})
			return
		}
		for _, f := range meta.Files {
			if f.Name == name {
				s.impRender(w, r, http.StatusBadRequest, impView{Error: tr(r, "import.duplicate_name", name)})
				return
			}
		}
		if total += fh.Size; total > impMaxBytes {
			s.impRender(w, r, http.StatusRequestEntityTooLarge, impView{Error: tr(r, "import.too_large", "20 MB")})
			return
		}
		meta.Files = append(meta.Files, impFile{Name: name, Size: fh.Size})
	}
	if err := os.MkdirAll(impDir(), 0o700); err != nil {
		s.pageError(w, r, err)
		return
	}
	token := auth.NewToken()
	dir := filepath.Join(impDir(), token)
	if err := os.Mkdir(dir, 0o700); err != nil {
		s.pageError(w, r, err)
		return
	}
	keep := false
	defer func() {
		if !keep {
			os.RemoveAll(dir)
		}
	}()
	total = 0
	for i, fh := range fhs {
		n, err := impKeep(fh, impUploadPath(dir, i))
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		if total += n; total > impMaxBytes {
			s.impRender(w, r, http.StatusRequestEntityTooLarge, impView{Error: tr(r, "import.too_large", "20 MB")})
			return
		}
		meta.Files[i].Size = n
	}
	if err := s.impSave(r.Context(), dir, meta); err != nil {
		s.impRefused(w, r, meta, err)
		return
	}
	keep = true
	http.Redirect(w, r, "/import?token="+token, http.StatusSeeOther)
}

// impKeep copies an uploaded file to path (at most impMaxBytes+1 bytes) and returns its size.
func impKeep(fh *multipart.FileHeader, path string) (int64, error) {
	f, err := fh.Open()
	if err != nil {
		return 0, err
	}
	defer f.Close()
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, io.LimitReader(f, impMaxBytes+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// impRefused shows why an upload could not be previewed on the page, with the form: an upload
// mixing statistics and register files, or one writing outside the account's scope; another
// error is the error page.
func (s *Server) impRefused(w http.ResponseWriter, r *http.Request, meta impMeta, err error) {
	if msg, ok := impOutOfScope(r, meta.names(), err); ok {
		s.impRender(w, r, status(err), impView{Error: msg})
		return
	}
	if domain.ErrorKind(err) == domain.EINVALID {
		s.impRender(w, r, status(err), impView{Error: displayError(r, err)})
		return
	}
	s.pageError(w, r, err)
}

// impSave computes the preview of a pending upload and stores it with the upload's description.
func (s *Server) impSave(ctx context.Context, dir string, meta impMeta) error {
	p, err := s.impPlan(ctx, dir, meta)
	if err != nil {
		return err
	}
	for _, f := range meta.Files {
		p.Size += f.Size
	}
	p.Created, p.Maps = meta.Created, meta.Maps
	p.Text = map[string]impText{}
	for _, lang := range locale.Languages {
		var t impText
		t.Problems, t.Warnings = impFormat(p, lang)
		p.Text[lang] = t
	}
	for _, file := range []struct {
		name string
		v    any
	}{{"preview.json", p}, {"meta.json", meta}} {
		b, err := json.Marshal(file.v)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, file.name), b, 0o600)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// impRemap: POST /import with token and map_key/map_code pairs (code "-" skips the name).
func (s *Server) impRemap(w http.ResponseWriter, r *http.Request) {
	token := r.PostFormValue("token")
	if token == "" {
		s.impRender(w, r, http.StatusBadRequest, impView{Error: tr(r, "import.no_file")})
		return
	}
	dir, meta, err := impLoad(r, token)
	if err != nil {
		s.impRender(w, r, http.StatusNotFound, impView{Error: displayError(r, err)})
		return
	}
	keys, codes := r.PostForm["map_key"], r.PostForm["map_code"]
	set := map[string]string{}
	var order []string
	for _, m := range meta.Maps {
		if k, v, ok := ingest.SplitMap(m); ok {
			if _, seen := set[k]; !seen {
				order = append(order, k)
			}
			set[k] = v
		}
	}
	for i, k := range keys {
		if i >= len(codes) || strings.TrimSpace(codes[i]) == "" || strings.TrimSpace(k) == "" {
			continue
		}
		if _, seen := set[k]; !seen {
			order = append(order, k)
		}
		set[k] = strings.TrimSpace(codes[i])
	}
	meta.Maps = nil
	for _, k := range order {
		meta.Maps = append(meta.Maps, k+"="+set[k])
	}
	if err := s.impSave(r.Context(), dir, meta); err != nil {
		s.impRefused(w, r, meta, err)
		return
	}
	http.Redirect(w, r, "/import?token="+token, http.StatusSeeOther)
}

// impOutOfScope words the import workflow's refusal of a file that writes outside the account's
// scope (issue 16) for the import page, naming the file, the region code and the scope, so the
// analyst stays on the page with the form rather than on a bare "not found".
func impOutOfScope(r *http.Request, file string, err error) (string, bool) {
	var de *domain.Error
	if !errors.As(err, &de) {
		return "", false
	}
	switch de.Msg.Key {
	case "scope.not_found":
		sc := domain.ScopeOf(r.Context())
		name := sc.Region
		if len(sc.Chain) > 0 && sc.Chain[0].Name != "" {
			name = sc.Chain[0].Name + "（" + sc.Region + "）"
		}
		code := ""
		if len(de.Msg.Args) > 0 {
			code = fmt.Sprint(de.Msg.Args[0])
		}
		return tr(r, "import.err.out_of_scope", file, code, name), true
	case "scope.deployment_wide":
		return tr(r, "import.err.file", file, displayError(r, err)), true
	}
	return "", false
}

// impPlan reads and checks the files of an upload exactly as the command line does and says,
// without writing, what importing them would do: the registers workflow's dry run, or the
// statistics import's preview, arranged for the page.
func (s *Server) impPlan(ctx context.Context, dir string, meta impMeta) (*impPreview, error) {
	p := &impPreview{File: meta.names()}
	files, probs := impReadAll(dir, meta)
	if len(probs) > 0 {
		p.Problems = probs
		return p, nil
	}
	f, tables, err := registers.SortUpload(files)
	if err != nil {
		return nil, err
	}
	if !f.Empty() {
		return s.impPlanRegisters(ctx, p, f)
	}
	pv, err := s.Imports.Preview(ctx, tables, ingest.BulletinOptions{Layout: ingest.LayoutAuto, Maps: meta.Maps,
		Options: ingest.Options{Limits: impLimits()}})
	if err != nil {
		return nil, err
	}
	p.Problems, p.Unmapped, p.Warnings, p.Sheets = pv.Problems, pv.Unmapped, pv.Warnings, pv.Sheets
	// What came from the file is shown with at most about 80 characters (sheet.Clip); a name too
	// long to show in full cannot be mapped on the page.
	if len(p.Unmapped) > impListMax {
		p.Unmapped, p.Truncated = p.Unmapped[:impListMax], true
	}
	for i := range p.Unmapped {
		u := &p.Unmapped[i]
		u.Name, u.Sheet = sheet.Clip(u.Name), sheet.Clip(u.Sheet)
		if utf8.RuneCountInString(u.Key) > 80 {
			u.Key = sheet.Clip(u.Key)
		}
	}
	for i := range p.Sheets {
		sh := &p.Sheets[i]
		sh.Sheet, sh.RegionName, sh.Period = sheet.Clip(sh.Sheet), sheet.Clip(sh.RegionName), sheet.Clip(sh.Period)
	}
	p.Ranks = impCounts{New: pv.Ranks.New, Revised: pv.Ranks.Revised, Unchanged: pv.Ranks.Unchanged}
	p.Choices = pv.Choices
	if len(p.Problems) > 0 {
		return p, nil
	}
	add := func(list *[]impRow, row impRow) {
		if len(*list) >= impListMax {
			p.Truncated = true
			return
		}
		row.Where, row.Region, row.Indicator, row.When = sheet.Clip(row.Where), sheet.Clip(row.Region), sheet.Clip(row.Indicator), sheet.Clip(row.When)
		*list = append(*list, row)
	}
	for _, sh := range pv.Sheets {
		switch {
		case sh.Blank:
			add(&p.Skipped, impRow{Kind: "table", Where: impWhere(sh.File, sh.Sheet, ""), Why: "blank"})
		case !sh.Skipped.IsZero():
			add(&p.Skipped, impRow{Kind: "table", Where: impWhere(sh.File, sh.Sheet, ""), Reason: sh.Skipped})
		}
	}
	for _, row := range pv.Rows {
		prec := 2
		if row.Definition != nil {
			prec = row.Definition.Precision
		}
		ir := impRow{Kind: string(row.Kind), Indicator: row.IndicatorName, When: row.Period,
			New: impFigure(row.Value, row.Growth, prec)}
		if row.File != "" {
			ir.Where = impWhere(row.File, row.Sheet, row.Cell)
		}
		ir.Read = row.Read
		if row.RegionCode != "" {
			ir.Region = impRegion(row.RegionCode, row.RegionName)
		}
		if ir.Indicator == "" {
			ir.Indicator = row.Label
		}
		if ir.Indicator == "" {
			ir.Indicator = row.IndicatorCode
		}
		if row.Rank != nil {
			ir.Rank = strconv.Itoa(*row.Rank)
		}
		counts := &p.Observations
		switch row.Kind {
		case ingest.KindTarget:
			counts, ir.When, ir.Tier = &p.Targets, strconv.Itoa(row.Year), string(row.Tier)
		case ingest.KindIndicator:
			counts, ir.Indicator = &p.Indicators, row.IndicatorName+"（"+row.IndicatorCode+"）"
			ir.New = impDescribeIndicator(*row.Definition)
		}
		old := impFigure(row.OldValue, row.OldGrowth, prec)
		if row.OldDefinition != nil {
			old = impDescribeIndicator(*row.OldDefinition)
		}
		switch row.State {
		case ingest.RowNew:
			counts.New++
			add(&p.New, ir)
		case ingest.RowRevises:
			counts.Revised++
			ir.Old = old
			add(&p.Revised, ir)
		case ingest.RowUnchanged:
			counts.Unchanged++
			ir.Why, ir.Old = "unchanged", ir.New
			add(&p.Unchanged, ir)
		default:
			ir.Kind, ir.Reason = "row", row.Reason
			if row.Label != "" {
				ir.Indicator = row.Label
			}
			add(&p.Skipped, ir)
		}
	}
	return p, nil
}

// impPlanRegisters is the preview of register files: the registers workflow checks them (each
// row's region within the account's scope) and, by the write rolled back, says what confirming
// would write.
func (s *Server) impPlanRegisters(ctx context.Context, p *impPreview, f registers.Files) (*impPreview, error) {
	p.Register = true
	res, err := s.Registers.Import(ctx, f, registers.Options{DryRun: true})
	if errors.As(err, &p.Problems) {
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	// One line a register: a key-project import's plans, progress and milestones under its projects.
	p.Lines = map[string][]string{}
	for _, lang := range locale.Languages {
		p.Lines[lang] = res.Summaries(lang, true)
	}
	return p, nil
}

// impRegion names a region with its code: "鹤山市（440784）".
func impRegion(code, name string) string {
	if name == "" {
		return code
	}
	return name + "（" + code + "）"
}

func impWhere(file, sheetName, cell string) string {
	w := file
	if cell != "" {
		w += ":"
		if sheetName != "" {
			w += sheetName + "!"
		}
		return w + cell
	}
	if sheetName != "" {
		w += "[" + sheetName + "]"
	}
	return w
}

// impFigure shows a value (at the indicator's precision when that loses nothing) and a growth:
// "223.83 / 4.7%".
func impFigure(v, g *float64, precision int) string {
	vs := display.Absent
	if v != nil {
		vs = strconv.FormatFloat(*v, 'f', -1, 64)
		if d := display.Value(v, precision); impTrimZeros(d) == impTrimZeros(vs) {
			vs = d // the indicator's decimals, unless the file holds more
		}
	}
	gs := display.Absent
	if g != nil {
		gs = strconv.FormatFloat(*g, 'f', -1, 64) + "%"
	}
	return vs + " / " + gs
}

// impTrimZeros drops the trailing zeros of a number's decimals ("60.00" → "60", "60" stays "60").
func impTrimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

func impDescribeIndicator(i domain.Indicator) string {
	cp := ""
	if i.ComparablePrice {
		cp = " comparable"
	}
	c := sheet.Clip
	return fmt.Sprintf("%s %s %s %s %s p%d %s ±%g/%g %s%s", c(i.Name), c(i.NameEN), c(i.Unit), c(string(i.Kind)), c(string(i.Direction)), i.Precision, c(string(i.Mode)),
		i.Tolerance, i.GrowthTolerance, c(i.OwnerUnit), cp)
}

// POST /import/confirm (token): write the pending upload, one transaction, as `pacer import
// --layout auto` does — register files through the registers workflow, as `pacer import` does
// them; the upload is removed.
func (s *Server) importConfirm(w http.ResponseWriter, r *http.Request) {
	dir, meta, err := impLoad(r, r.PostFormValue("token"))
	if err != nil {
		s.impRender(w, r, http.StatusNotFound, impView{Error: displayError(r, err)})
		return
	}
	// Claim the upload: of two confirmations at once, one renames it and the other finds nothing.
	claimed := filepath.Join(impDir(), "confirming-"+auth.NewToken())
	if err := os.Rename(dir, claimed); err != nil {
		s.impRender(w, r, http.StatusNotFound, impView{Error: tr(r, "import.expired")})
		return
	}
	defer os.RemoveAll(claimed)
	os.Chtimes(claimed, time.Now(), time.Now()) // not swept while it is being written
	files, probs := impReadAll(claimed, meta)
	var f registers.Files
	var tables []sheet.Table
	if len(probs) == 0 {
		if f, tables, err = registers.SortUpload(files); err != nil {
			s.impRender(w, r, status(err), impView{Error: displayError(r, err)})
			return
		}
	}
	if len(probs) == 0 && !f.Empty() {
		res, err := s.Registers.Import(r.Context(), f, registers.Options{Actor: actorOf(r)})
		if err == nil {
			s.impRender(w, r, http.StatusOK, impView{Registers: res.Summaries(langOf(r), false)})
			return
		}
		if !errors.As(err, &probs) {
			s.pageError(w, r, err)
			return
		}
	} else if len(probs) == 0 {
		res, err := s.Imports.Import(r.Context(), tables, ingest.BulletinOptions{Layout: ingest.LayoutAuto, Maps: meta.Maps,
			Options: ingest.Options{Actor: manageActor(r), SourceIP: clientIP(r), Limits: impLimits()}})
		if err == nil {
			s.impRender(w, r, http.StatusOK, impView{Result: res})
			return
		}
		if !errors.As(err, &probs) {
			if res != nil && res.BatchID != 0 { // written; only remembering the mappings failed
				s.impRender(w, r, http.StatusOK, impView{Result: res, Error: displayError(r, err)})
				return
			}
			s.pageError(w, r, err)
			return
		}
	}
	v := impView{Preview: &impPreview{File: meta.names(), Problems: probs, Created: meta.Created}}
	s.impRender(w, r, http.StatusBadRequest, v)
}
