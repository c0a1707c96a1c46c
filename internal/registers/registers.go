// Package registers imports the three registers — key projects (重点项目), attraction leads
// (招商线索) and enterprises (企业培育) — from the files of one import: it tells which files are
// registers (by header), checks every register file before writing any, and writes each
// register through its own workflow (one transaction a register, audited there). `pacer import`
// and the /import page both go through it; statistics files are left to ingest.
package registers

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"pacer/internal/domain"
	"pacer/internal/enterprises"
	"pacer/internal/ingest"
	"pacer/internal/leads"
	"pacer/internal/locale"
	"pacer/internal/projects"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// Service imports register files through the registers' workflows, all registers of an import
// in one transaction (store.ApplyRegisters).
//
// Observe, when set (app.Observe: the server's metrics), is told each import's duration and
// outcome (ingest.Outcome) as kind "registers".
type Service struct {
	store       *store.Store
	projects    *projects.Service
	leads       *leads.Service
	enterprises *enterprises.Service
	Observe     func(kind, outcome string, d time.Duration)
}

// New returns the workflow over st and the registers' workflows (wired as app.Services wires
// them, so an import records the register figures it reaches).
func New(st *store.Store, p *projects.Service, l *leads.Service, e *enterprises.Service) *Service {
	return &Service{store: st, projects: p, leads: l, enterprises: e}
}

// File is one file of an import: its name and the tables read from it.
type File struct {
	Name   string
	Tables []sheet.Table
}

// Files are an import's register tables, by register.
type Files struct {
	Projects, Leads, Enterprises []sheet.Table
}

// Empty reports whether no file is a register.
func (f Files) Empty() bool { return len(f.Projects)+len(f.Leads)+len(f.Enterprises) == 0 }

// Sort tells the register files of an import from the rest: a file whose first table has a
// leads or enterprises header is that register's; a file with a key-project table (projects,
// progress, milestones) is the projects register's when withProjects (pacer import's long
// layout; the web page always). When one file is a key-project file, every other file that is
// no leads or enterprises file, nor a statistics file the long layout reads (ingest.IsLongTable:
// targets and figures given in the same command), goes with it, and the projects workflow names each table that is
// no register (as pacer import always has). rest are the indices of the files left for the
// statistics import.
func Sort(files []File, withProjects bool) (f Files, rest []int) {
	var other []int
	for i, file := range files {
		if len(file.Tables) == 0 {
			rest = append(rest, i)
			continue
		}
		switch {
		case leads.IsLeadsTable(file.Tables[0]):
			f.Leads = append(f.Leads, file.Tables[0])
		case enterprises.IsEnterprisesTable(file.Tables[0]):
			f.Enterprises = append(f.Enterprises, file.Tables[0])
		case withProjects && slices.ContainsFunc(file.Tables, projects.IsRegister):
			f.Projects = append(f.Projects, file.Tables...)
		case ingest.IsLongTable(file.Tables[0]):
			rest = append(rest, i) // a statistics file (targets, figures …), even beside key projects
		default:
			other = append(other, i)
		}
	}
	if len(f.Projects) > 0 {
		for _, i := range other {
			f.Projects = append(f.Projects, files[i].Tables...)
		}
		return f, rest
	}
	rest = append(rest, other...)
	slices.Sort(rest)
	return f, rest
}

// Options say who imports (with the address a page was used from); DryRun checks every row and
// writes nothing.
type Options struct {
	Actor  domain.Actor
	DryRun bool
}

// Line is what an import did (or, a dry run, would do) with one register.
type Line struct {
	Register string // projects | leads | enterprises
	Files    string // the register's file names, comma-separated
	// Checked: rows that passed (a key-project import: its projects; Progress and Milestones its
	// monthly progress and milestone rows).
	Checked, Progress, Milestones int
	// Written: new, revised (a revision kept beside the old) and unchanged rows — what the write
	// did or, a dry run, would do, counted by the same write (store.ApplyRegisters).
	Written store.Counts
	Project *store.ProjectResult // a key-project import: its projects, plans, progress and milestones
}

// Result is what an import of register files did, one line a register present.
type Result struct {
	Lines []Line
}

// Texts renders a result as `pacer import` prints it and the page shows it.
func (r Result) Texts(lang string, dryRun bool) []string {
	var out []string
	for _, l := range r.Lines {
		for _, m := range l.Messages(dryRun) {
			out = append(out, m.In(lang))
		}
	}
	return out
}

// Summaries render a result as the /import page shows it, one text a register (a key-project
// import's plans, progress and milestones on lines under its projects): what a confirmation
// would write (dryRun, the preview) or what was written, each naming its register and files —
// "重点项目（proj.xlsx）：新增 2 个…" — so that the result reads as the preview did.
func (r Result) Summaries(lang string, dryRun bool) []string {
	var out []string
	for _, l := range r.Lines {
		var texts []string
		for _, m := range l.messages(dryRun, true) {
			texts = append(texts, m.In(lang))
		}
		out = append(out, strings.Join(texts, "\n"))
	}
	return out
}

// Messages are a line's texts: what a confirmation would write (a preview), or what was written
// (the command line's summary texts).
func (l Line) Messages(dryRun bool) []locale.Msg { return l.messages(dryRun, false) }

// messages are Messages; named, a key-project line written names its register and files as the
// preview does (the command line's says 项目).
func (l Line) messages(dryRun, named bool) []locale.Msg {
	if l.Register == "projects" {
		var out []locale.Msg
		if l.Project == nil {
			return out
		}
		for _, c := range []struct {
			key string
			n   store.Counts
		}{{"projects", l.Project.Projects}, {"plans", l.Project.Plans}, {"progress", l.Project.Progress}, {"milestones", l.Project.Milestones}} {
			switch {
			case !dryRun && named && c.key == "projects":
				out = append(out, locale.M("registers.done.projects", l.Files, c.n.New, c.n.Revised, c.n.Unchanged))
			case !dryRun:
				out = append(out, locale.M("projects.cli.import."+c.key, c.n.New, c.n.Revised, c.n.Unchanged))
			case c.key == "projects":
				out = append(out, locale.M("registers.preview.projects", l.Files, c.n.New, c.n.Revised, c.n.Unchanged))
			default:
				out = append(out, locale.M("registers.preview."+c.key, c.n.New, c.n.Revised, c.n.Unchanged))
			}
		}
		return out
	}
	key := map[string]string{"leads": "attraction.cli.imported_leads", "enterprises": "attraction.cli.imported_enterprises"}[l.Register]
	if dryRun {
		key = "registers.preview." + l.Register
	}
	return []locale.Msg{locale.M(key, l.Files, l.Written.New, l.Written.Revised, l.Written.Unchanged)}
}

// Import checks every register file of f — each row's region within ctx's scope (issue 16) —
// and, when all are clean, writes them all in one transaction (store.ApplyRegisters: leads,
// enterprises, then key projects, each row audited), then records the register figures the
// write reaches. Any bad row of any file returns ingest.Problems (file, row, column, value, what
// was expected) and writes nothing. A dry run (opt.DryRun) makes the same write and rolls it
// back: its lines say what a confirmation would write (new, revised, unchanged).
func (s *Service) Import(ctx context.Context, f Files, opt Options) (res Result, err error) {
	if f.Empty() {
		return res, nil
	}
	if s.Observe != nil && !opt.DryRun {
		defer func(start time.Time) { s.Observe("registers", ingest.Outcome(err), time.Since(start)) }(time.Now())
	}
	// Check every register file before writing any.
	var probs []error
	var ls []domain.Lead
	var es []domain.Enterprise
	var pb store.ProjectBatch
	var tables []string
	if len(f.Leads) > 0 {
		if ls, err = s.leads.Check(ctx, f.Leads); err != nil {
			probs = append(probs, err)
		}
	}
	if len(f.Enterprises) > 0 {
		if es, err = s.enterprises.Check(ctx, f.Enterprises); err != nil {
			probs = append(probs, err)
		}
	}
	if len(f.Projects) > 0 {
		if pb, tables, err = s.projects.Parse(ctx, f.Projects); err != nil {
			probs = append(probs, err)
		}
	}
	if err := joinProblems(probs); err != nil {
		return res, err
	}
	by := opt.Actor
	b := store.RegisterBatch{By: store.Who{Username: by.Username, Role: by.Role, IP: by.IP}, Leads: ls, Enterprises: es, DryRun: opt.DryRun}
	if len(f.Projects) > 0 {
		pb.Actor, pb.SourceIP, pb.Source = by.String(), by.IP, strings.Join(tables, ", ")
		b.Projects = &pb
	}
	// What the write reaches of the registers' figures includes the rows as they stood.
	var oldLeads map[string]domain.Lead
	var oldFirms map[string]domain.Enterprise
	if !opt.DryRun {
		if oldLeads, err = s.leads.Before(ctx, ls); err != nil {
			return res, err
		}
		if oldFirms, err = s.enterprises.Before(ctx, es); err != nil {
			return res, err
		}
	}
	w, err := s.store.ApplyRegisters(ctx, b)
	if err != nil {
		return res, err
	}
	if len(f.Leads) > 0 {
		res.Lines = append(res.Lines, Line{Register: "leads", Files: names(f.Leads), Checked: len(ls), Written: store.Counts(w.Leads)})
	}
	if len(f.Enterprises) > 0 {
		res.Lines = append(res.Lines, Line{Register: "enterprises", Files: names(f.Enterprises), Checked: len(es), Written: store.Counts(w.Enterprises)})
	}
	if len(f.Projects) > 0 {
		res.Lines = append(res.Lines, Line{Register: "projects", Files: names(f.Projects), Checked: len(pb.Projects),
			Progress: len(pb.Progress), Milestones: len(pb.Milestones), Written: w.Projects.Projects, Project: &w.Projects})
	}
	if opt.DryRun {
		return res, nil
	}
	// Committed: the figures the registers derive are recorded after it, each register's own.
	var errs []error
	if len(ls) > 0 {
		errs = append(errs, s.leads.Written(ctx, by, ls, oldLeads))
	}
	if len(es) > 0 {
		errs = append(errs, s.enterprises.Written(ctx, by, es, oldFirms))
	}
	if len(f.Projects) > 0 {
		errs = append(errs, s.projects.Written(ctx, by, pb))
	}
	return res, errors.Join(errs...)
}

// ImportFiles reads files (paths) and imports those that are registers (Sort); it returns the
// paths left for the statistics import. A file that cannot be read is left there too: the
// statistics import reports it.
func (s *Service) ImportFiles(ctx context.Context, paths []string, withProjects bool, opt Options) (Result, []string, error) {
	files := make([]File, len(paths))
	for i, p := range paths {
		if err := ctx.Err(); err != nil {
			return Result{}, nil, err // interrupted (Ctrl-C, SIGTERM): nothing is written
		}
		ts, err := sheet.ReadFile(p, sheet.DefaultLimits())
		if err == nil && !registerFile(ts, withProjects) {
			ts = nil // not kept: a statistics file of millions of rows is read again by its import
		}
		files[i] = File{Name: filepath.Base(p), Tables: ts}
	}
	f, restIdx := Sort(files, withProjects)
	var rest []string
	for _, i := range restIdx {
		rest = append(rest, paths[i])
	}
	if len(f.Projects) > 0 {
		// The files beside a key-project file that were not kept are read again for its check,
		// but for the statistics files (the long layout's figures and targets), left for their
		// import.
		f.Projects, rest = nil, nil
		for i, file := range files {
			ts := file.Tables
			if len(ts) > 0 && (leads.IsLeadsTable(ts[0]) || enterprises.IsEnterprisesTable(ts[0])) {
				continue
			}
			if ts == nil {
				var err error
				if ts, err = sheet.ReadFile(paths[i], sheet.DefaultLimits()); err != nil {
					return Result{}, nil, ingest.Problems{ingest.FileProblem(file.Name, err)}
				}
			}
			if len(ts) > 0 && !slices.ContainsFunc(ts, projects.IsRegister) && ingest.IsLongTable(ts[0]) {
				rest = append(rest, paths[i])
				continue
			}
			f.Projects = append(f.Projects, ts...)
		}
	}
	res, err := s.Import(ctx, f, opt)
	return res, rest, err
}

func registerFile(ts []sheet.Table, withProjects bool) bool {
	if len(ts) == 0 {
		return false
	}
	if leads.IsLeadsTable(ts[0]) || enterprises.IsEnterprisesTable(ts[0]) {
		return true
	}
	return withProjects && slices.ContainsFunc(ts, projects.IsRegister)
}

func names(ts []sheet.Table) string {
	var out []string
	for _, t := range ts {
		n := filepath.Base(t.File)
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}

// joinProblems joins the problems of several checks into one ingest.Problems (another error is
// returned as it is).
func joinProblems(errs []error) error {
	var all ingest.Problems
	for _, err := range errs {
		var ps ingest.Problems
		if !errors.As(err, &ps) {
			return err
		}
		all = append(all, ps...)
	}
	if len(all) == 0 {
		return nil
	}
	return all
}
