package projects

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// Register files, recognised by header (English column names, or the Chinese aliases below):
//
//	projects:   code,name,level,category,region_code,stage,total_investment,annual_plan
//	            [,year,owner_unit,leader,sample,period,completed]
//	progress:   project_code,period,completed[,sample]
//	milestones: project_code,milestone,planned_date[,actual_date]
//
// The annual plan of a projects row is for its `year` column; without one, for the home year
// (the deployment's setting home_year, `pacer setup`); without that, for the year of the
// command's progress periods when they are all of one year; else the row is refused. A projects
// row with `period` and `completed` also gives that month's cumulative (what the export writes,
// so an exported file imports back). One command may hold projects and the files that refer to
// them; every row of every file is checked before anything is written, and the write is one
// transaction.

// Kind is the kind of a register file.
type Kind string

const (
	KindProjects   Kind = "projects"
	KindProgress   Kind = "project_progress"
	KindMilestones Kind = "project_milestones"
)

var kinds = []struct {
	kind               Kind
	required, optional []string
}{
	{KindProjects, []string{"code", "name", "level", "category", "region_code", "stage", "total_investment", "annual_plan"},
		[]string{"year", "owner_unit", "leader", "sample", "period", "completed", "region_name"}},
	{KindProgress, []string{"project_code", "period", "completed"}, []string{"sample", "name"}},
	{KindMilestones, []string{"project_code", "milestone", "planned_date"}, []string{"actual_date", "name"}},
}

// aliases are the Chinese headers of register columns.
var aliases = map[string]string{
	"项目编号": "code", "项目代码": "code", "编号": "code", "项目名称": "name", "名称": "name",
	"级别": "level", "项目级别": "level", "类别": "category", "项目类别": "category", "行业类别": "category",
	"地区代码": "region_code", "镇街代码": "region_code", "所在地代码": "region_code", "地区": "region_name", "镇街": "region_name",
	"阶段": "stage", "项目阶段": "stage", "当前阶段": "stage", "总投资": "total_investment", "计划总投资": "total_investment",
	"年度计划": "annual_plan", "年度计划投资": "annual_plan", "年计划投资": "annual_plan", "年度": "year", "年份": "year",
	"责任单位": "owner_unit", "业主单位": "owner_unit", "挂点领导": "leader", "示例": "sample",
	"期间": "period", "月份": "period", "累计完成": "completed", "累计完成投资": "completed", "累计完成额": "completed",
	"节点": "milestone", "里程碑": "milestone", "计划日期": "planned_date", "计划时间": "planned_date",
	"实际日期": "actual_date", "实际时间": "actual_date",
}

// column is the column a header cell names: its English name (lower case) or the column its
// Chinese alias stands for, a trailing unit remark ((亿元)) ignored.
func column(h string) string {
	k := strings.ToLower(strings.Join(strings.Fields(strings.TrimPrefix(h, "\ufeff")), ""))
	k = strings.NewReplacer("（", "(", "）", ")").Replace(k)
	if i := strings.Index(k, "("); i > 0 {
		k = k[:i]
	}
	if c, ok := aliases[k]; ok {
		return c
	}
	return k
}

// recognised is a register table with its column positions.
type recognised struct {
	sheet.Table
	kind Kind
	col  map[string]int
}

// recognise tells which register kind a table is, by its header; "" when none.
func recognise(t sheet.Table) (recognised, bool) {
	if len(t.Rows) == 0 {
		return recognised{}, false
	}
	col := map[string]int{}
	for i, h := range t.Rows[0] {
		c := column(h)
		if c == "" {
			continue
		}
		if _, dup := col[c]; !dup {
			col[c] = i
		}
	}
	// A progress file written with 项目编号 names its project column "code".
	if _, ok := col["project_code"]; !ok {
		if i, ok := col["code"]; ok {
			if _, hasName := col["level"]; !hasName {
				col["project_code"] = i
			}
		}
	}
	for _, k := range kinds {
		ok := true
		for _, c := range k.required {
			if _, has := col[c]; !has {
				ok = false
				break
			}
		}
		if ok {
			return recognised{Table: t, kind: k.kind, col: col}, true
		}
	}
	return recognised{}, false
}

// IsRegister reports whether table is a register file (its header names a register kind).
func IsRegister(t sheet.Table) bool {
	_, ok := recognise(t)
	return ok
}

// ErrNotRegister: none of the files of a command is a register file; the caller imports them
// as statistics.
var ErrNotRegister = errors.New("not a register file")

// Options says who imports, and whether only to check (DryRun: every row checked, nothing
// written).
type Options struct {
	Actor    string
	SourceIP string
	Limits   sheet.Limits
	DryRun   bool
}

// Result is what an import wrote (a dry run: Checked, how many rows of each kind passed).
type Result struct {
	store.ProjectResult
	Tables []string // file (and sheet) names read
	// Checked (a dry run): rows that passed.
	Checked struct{ Projects, Progress, Milestones int }
}

// ImportFiles reads files and, when they are register files, checks and writes them as one
// transaction. When no file that could be read is a register file it returns ErrNotRegister
// and writes nothing.
// A file that cannot be read, a table that is no register among ones that are, or any bad row
// returns ingest.Problems and writes nothing.
func (s *Service) ImportFiles(ctx context.Context, paths []string, opt Options) (Result, error) {
	if opt.Limits == (sheet.Limits{}) {
		opt.Limits = sheet.DefaultLimits()
	}
	// The files are read side by side, at most one per CPU; each goroutine ends before this does.
	// A file with no register table is not kept (a statistics import of millions of rows would
	// be held here whole before its own import read it): it is read again when another is one.
	read := make([][]sheet.Table, len(paths))
	errs := make([]error, len(paths))
	register := make([]bool, len(paths))
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, p := range paths {
		if err := ctx.Err(); err != nil {
			wg.Wait()
			return Result{}, err
		}
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			read[i], errs[i] = sheet.ReadFile(p, opt.Limits)
			for _, t := range read[i] {
				register[i] = register[i] || IsRegister(t)
			}
			if !register[i] {
				read[i] = nil
			}
		}()
	}
	wg.Wait()
	if !slices.Contains(register, true) {
		return Result{}, ErrNotRegister // the caller reads and reports them as statistics files
	}
	var tables []sheet.Table
	var probs ingest.Problems
	for i, p := range paths {
		if errs[i] == nil && !register[i] {
			read[i], errs[i] = sheet.ReadFile(p, opt.Limits)
		}
		if errs[i] != nil {
			probs = append(probs, ingest.FileProblem(filepath.Base(p), errs[i]))
			continue
		}
		tables = append(tables, read[i]...)
	}
	if len(probs) > 0 {
		return Result{}, probs
	}
	return s.ImportTables(ctx, tables, opt)
}

// ImportTables checks tables already read and writes them in one transaction; a write (not a
// dry run) is told to Observe as kind "projects".
func (s *Service) ImportTables(ctx context.Context, tables []sheet.Table, opt Options) (res Result, err error) {
	if s.Observe != nil && !opt.DryRun {
		defer func(start time.Time) { s.Observe("projects", ingest.Outcome(err), time.Since(start)) }(time.Now())
	}
	return s.importTables(ctx, tables, opt)
}

func (s *Service) importTables(ctx context.Context, tables []sheet.Table, opt Options) (Result, error) {
	b, names, err := s.Parse(ctx, tables)
	if err != nil {
		return Result{}, err
	}
	if opt.DryRun {
		r := Result{Tables: names}
		r.Checked.Projects, r.Checked.Progress, r.Checked.Milestones = len(b.Projects), len(b.Progress), len(b.Milestones)
		return r, nil
	}
	b.Actor, b.SourceIP, b.Source = opt.Actor, opt.SourceIP, strings.Join(names, ", ")
	res, err := s.store.ApplyProjects(ctx, b)
	if err == nil {
		err = s.recordFigures(ctx, domain.Actor{Username: opt.Actor, IP: opt.SourceIP}, b)
	}
	return Result{ProjectResult: res, Tables: names}, err
}

// Parse checks every register table of one command against the catalogue and the register and
// returns the batch to write, or ingest.Problems naming file, row, column, value and what was
// expected.
func (s *Service) Parse(ctx context.Context, tables []sheet.Table) (store.ProjectBatch, []string, error) {
	var b store.ProjectBatch
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return b, nil, err
	}
	known := map[string]domain.Region{}
	for _, r := range regions {
		known[r.Code] = r
	}
	settings, err := s.store.Settings(ctx)
	if err != nil {
		return b, nil, err
	}
	homeYear, _ := strconv.Atoi(settings["home_year"])
	scope := domain.ScopeOf(ctx)
	var recs []recognised
	var probs ingest.Problems
	var names []string
	for _, t := range tables {
		if blank(t) {
			continue
		}
		name := t.File
		if t.Sheet != "" {
			name += "[" + t.Sheet + "]"
		}
		names = append(names, name)
		r, ok := recognise(t)
		if !ok {
			probs = append(probs, ingest.Problem{File: t.File, Sheet: t.Sheet, Row: 1, Value: strings.Join(t.Rows[0], ","),
				Expected: locale.M("projects.expect.header")})
			continue
		}
		recs = append(recs, r)
	}
	// The year of the command's progress, for a projects file without a year column.
	progressYears := map[int]bool{}
	for _, r := range recs {
		if r.kind != KindProgress {
			continue
		}
		for row := 1; row < len(r.Rows); row++ {
			if p, err := pace.ParsePeriod(strings.TrimSpace(r.cellAt(row, "period"))); err == nil {
				progressYears[p.Year] = true
			}
		}
	}
	defaultYear := homeYear
	if defaultYear == 0 && len(progressYears) == 1 {
		for y := range progressYears {
			defaultYear = y
		}
	}
	// Projects first: the other files of the command may refer to them.
	slices.SortStableFunc(recs, func(a, b recognised) int {
		return boolInt(a.kind != KindProjects) - boolInt(b.kind != KindProjects)
	})
	rowsOf := map[Kind]int{}
	for _, r := range recs {
		rowsOf[r.kind] += len(r.Rows) - 1
	}
	b.Projects = make([]domain.Project, 0, rowsOf[KindProjects])
	b.Plans = make([]domain.ProjectPlan, 0, rowsOf[KindProjects])
	b.Progress = make([]domain.ProjectProgress, 0, rowsOf[KindProgress])
	inCommand := make(map[string]at, rowsOf[KindProjects]) // project code → where defined
	seenProgress := make(map[progressKey]at, rowsOf[KindProgress])
	var refs []ref
	for i, r := range recs {
		rr := rowReader{t: r, probs: &probs, table: i}
		for row := 1; row < len(r.Rows); row++ {
			if blankRow(r.Rows[row]) {
				continue
			}
			rr.row = row
			switch r.kind {
			case KindProjects:
				p, plan, prog, ok := rr.project(known, scope, defaultYear)
				if !ok {
					continue
				}
				if first, dup := inCommand[p.Code]; dup {
					rr.fail("code", p.Code, "projects.expect.unique", first.where(recs))
					continue
				}
				inCommand[p.Code] = rr.at()
				b.Projects = append(b.Projects, p)
				b.Plans = append(b.Plans, plan)
				if prog != nil {
					seenProgress[progressKey{prog.ProjectCode, prog.Period}] = rr.at()
					b.Progress = append(b.Progress, *prog)
				}
			case KindProgress:
				pr, ok := rr.progress()
				if !ok {
					continue
				}
				key := progressKey{pr.ProjectCode, pr.Period}
				if first, dup := seenProgress[key]; dup {
					rr.fail("period", pr.Period, "projects.expect.unique_progress", first.where(recs))
					continue
				}
				seenProgress[key] = rr.at()
				if _, ok := inCommand[pr.ProjectCode]; !ok {
					refs = append(refs, ref{code: pr.ProjectCode, at: rr.at()})
				}
				b.Progress = append(b.Progress, pr)
			case KindMilestones:
				m, ok := rr.milestone()
				if !ok {
					continue
				}
				if _, ok := inCommand[m.ProjectCode]; !ok {
					refs = append(refs, ref{code: m.ProjectCode, at: rr.at()})
				}
				b.Milestones = append(b.Milestones, m)
			}
		}
	}
	// A scoped account (issue 16) may not rewrite a project of the register outside its scope
	// under the same code (its region moved away from the project's county).
	if !scope.Whole() && len(inCommand) > 0 {
		codes := make([]string, 0, len(inCommand))
		for c := range inCommand {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		have, err := s.store.ProjectCodes(ctx, codes)
		if err != nil {
			return b, nil, err
		}
		for _, c := range codes {
			if !have[c] {
				continue
			}
			p, err := s.store.Project(ctx, c)
			if err != nil {
				return b, nil, err
			}
			if !scope.CoversCode(p.RegionCode, known) {
				x := inCommand[c]
				rr := rowReader{t: recs[x.table], row: x.row, probs: &probs}
				rr.fail("code", c, "registers.expect.code_elsewhere", scope.Label(known))
			}
		}
	}
	// Progress and milestones must name a project of this command or of the register.
	var ask []string
	for _, x := range refs {
		ask = append(ask, x.code)
	}
	if len(ask) > 0 {
		slices.Sort(ask)
		ask = slices.Compact(ask)
		have, err := s.store.ProjectCodes(ctx, ask)
		if err != nil {
			return b, nil, err
		}
		// A scoped account (issue 16) may only report on projects of its regions: a project of the
		// register outside the scope is answered as unknown, as it is everywhere else.
		outside := map[string]bool{}
		if !scope.Whole() {
			for _, code := range ask {
				if !have[code] {
					continue
				}
				p, err := s.store.Project(ctx, code)
				if err != nil {
					return b, nil, err
				}
				outside[code] = !scope.CoversCode(p.RegionCode, known)
			}
		}
		for _, x := range refs {
			if !have[x.code] || outside[x.code] {
				rr := rowReader{t: recs[x.at.table], row: x.at.row, probs: &probs}
				rr.fail("project_code", x.code, "projects.expect.known_project")
			}
		}
	}
	if len(probs) > 0 {
		return b, nil, probs
	}
	return b, names, nil
}

// ref is a row of a progress or milestones file naming a project not defined in the command.
type ref struct {
	code string
	at   at
}

// at is a row of one of the command's tables.
type at struct{ table, row int }

func (a at) where(recs []recognised) string {
	return (&rowReader{t: recs[a.table], row: a.row}).where()
}

type progressKey struct{ code, period string }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func blank(t sheet.Table) bool {
	for _, r := range t.Rows {
		if !blankRow(r) {
			return false
		}
	}
	return true
}

func blankRow(r []string) bool {
	for _, c := range r {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func (r recognised) cellAt(row int, name string) string {
	i, ok := r.col[name]
	if !ok || i >= len(r.Rows[row]) {
		return ""
	}
	return r.Rows[row][i]
}

// header is how the file wrote column name.
func (r recognised) header(name string) string {
	if i, ok := r.col[name]; ok && i < len(r.Rows[0]) {
		return strings.TrimSpace(r.Rows[0][i])
	}
	return name
}

type rowReader struct {
	t     recognised
	table int // its index among the command's tables
	row   int
	probs *ingest.Problems
}

func (r *rowReader) at() at { return at{r.table, r.row} }

func (r *rowReader) cell(name string) string { return strings.TrimSpace(r.t.cellAt(r.row, name)) }

func (r *rowReader) where() string {
	w := r.t.File
	if r.t.Sheet != "" {
		w += "[" + r.t.Sheet + "]"
	}
	return w + ":" + strconv.Itoa(r.row+1)
}

func (r *rowReader) problemAt(column, value string) ingest.Problem {
	return ingest.Problem{File: r.t.File, Sheet: r.t.Sheet, Row: r.row + 1, Column: r.t.header(column), Value: value}
}

func (r *rowReader) fail(column, value, key string, args ...any) {
	p := r.problemAt(column, value)
	p.Expected = locale.M(key, args...)
	*r.probs = append(*r.probs, p)
}

// plainNumber reads a number written only with digits, one '.' and a leading '-' (what an
// .xlsx cell holds): the common case, without the general reader's normalisation.
func plainNumber(s string) (float64, bool) {
	if s == "" || len(s) > 24 {
		return 0, false
	}
	for i, c := range s {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' && i == 0) {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

func (r *rowReader) money(column string, required bool) (float64, bool) {
	raw := r.cell(column)
	if v, ok := plainNumber(raw); ok && domain.ValidMoney(v) {
		return v, true
	}
	v, err := ingest.ParseNumber(raw)
	if err != nil || (v == nil && required) || (v != nil && !domain.ValidMoney(*v)) {
		r.fail(column, raw, "projects.expect.money")
		return 0, false
	}
	if v == nil {
		return 0, true
	}
	return *v, true
}

func (r *rowReader) sample() bool {
	switch strings.ToLower(r.cell("sample")) {
	case "1", "true", "yes", "是", "示例", "y":
		return true
	}
	return false
}

func (r *rowReader) period(column string) (string, bool) {
	raw := r.cell(column)
	p, err := pace.ParsePeriod(raw)
	if err != nil {
		r.fail(column, raw, "projects.expect.period")
		return "", false
	}
	return p.String(), true
}

func (r *rowReader) project(known map[string]domain.Region, scope domain.Scope, defaultYear int) (domain.Project, domain.ProjectPlan, *domain.ProjectProgress, bool) {
	p := domain.Project{Code: r.cell("code"), Name: r.cell("name"), Level: r.cell("level"), Category: r.cell("category"),
		RegionCode: r.cell("region_code"), Stage: r.cell("stage"), OwnerUnit: r.cell("owner_unit"), Leader: r.cell("leader"), Sample: r.sample()}
	n := len(*r.probs)
	var okTotal bool
	p.TotalInvestment, okTotal = r.money("total_investment", true)
	for _, fe := range p.Validate() {
		if fe.Field == "total_investment" {
			continue // money reported it
		}
		value := map[string]string{"code": p.Code, "name": p.Name, "level": p.Level, "category": p.Category, "stage": p.Stage}[fe.Field]
		p := r.problemAt(fe.Field, value)
		p.Expected = fe.Expected
		*r.probs = append(*r.probs, p)
	}
	if reg, ok := known[p.RegionCode]; !ok || (reg.Level != domain.LevelCounty && reg.Level != domain.LevelTown) {
		r.fail("region_code", p.RegionCode, "projects.expect.region")
	} else if !scope.CoversCode(p.RegionCode, known) {
		r.fail("region_code", p.RegionCode, "long.expect.in_scope", scope.Label(known))
	}
	plan := domain.ProjectPlan{ProjectCode: p.Code, Year: defaultYear}
	annual, okPlan := r.money("annual_plan", true)
	plan.AnnualPlan = annual
	if raw := r.cell("year"); raw != "" {
		y, err := strconv.Atoi(raw)
		if err != nil || y < 1900 || y > 2999 {
			r.fail("year", raw, "projects.expect.year")
		}
		plan.Year = y
	} else if plan.Year == 0 {
		r.fail("year", "", "projects.expect.year_needed")
	}
	var prog *domain.ProjectProgress
	if r.cell("period") != "" || r.cell("completed") != "" {
		period, okP := r.period("period")
		done, okC := r.money("completed", true)
		if okP && okC {
			prog = &domain.ProjectProgress{ProjectCode: p.Code, Period: period, Completed: done, Sample: p.Sample}
		}
	}
	return p, plan, prog, okTotal && okPlan && len(*r.probs) == n
}

func (r *rowReader) progress() (domain.ProjectProgress, bool) {
	n := len(*r.probs)
	pr := domain.ProjectProgress{ProjectCode: r.cell("project_code"), Sample: r.sample()}
	if !domain.ValidProjectCode(pr.ProjectCode) {
		r.fail("project_code", pr.ProjectCode, "projects.expect.code")
	}
	pr.Period, _ = r.period("period")
	pr.Completed, _ = r.money("completed", true)
	return pr, len(*r.probs) == n
}

func (r *rowReader) milestone() (domain.Milestone, bool) {
	n := len(*r.probs)
	m := domain.Milestone{ProjectCode: r.cell("project_code"), Stage: r.cell("milestone"),
		Planned: normaliseDate(r.cell("planned_date")), Actual: normaliseDate(r.cell("actual_date"))}
	if !domain.ValidProjectCode(m.ProjectCode) {
		r.fail("project_code", m.ProjectCode, "projects.expect.code")
	}
	for _, fe := range m.Validate() {
		value := map[string]string{"milestone": m.Stage, "planned_date": r.cell("planned_date"), "actual_date": r.cell("actual_date")}[fe.Field]
		p := r.problemAt(fe.Field, value)
		p.Expected = fe.Expected
		*r.probs = append(*r.probs, p)
	}
	return m, len(*r.probs) == n
}

// normaliseDate accepts 2023/6/5 and 2023-6-5 as 2023-06-05; anything else is returned as it is
// (and refused by the milestone's rule).
func normaliseDate(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(parts) != 3 || len(parts[0]) != 4 {
		return s
	}
	for _, p := range parts {
		for _, c := range p {
			if !unicode.IsDigit(c) {
				return s
			}
		}
	}
	m, _ := strconv.Atoi(parts[1])
	d, _ := strconv.Atoi(parts[2])
	out := parts[0] + "-" + pad2(m) + "-" + pad2(d)
	if !domain.ValidDate(out) {
		return s
	}
	return out
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
