package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"pacer/internal/domain"
)

// ProjectBatch is one import of the key-project register: projects, their annual plans, monthly
// cumulatives and milestones, written in one transaction.
type ProjectBatch struct {
	Actor, SourceIP, Source string
	Projects                []domain.Project
	Plans                   []domain.ProjectPlan
	Progress                []domain.ProjectProgress
	Milestones              []domain.Milestone
}

// ProjectResult is what ApplyProjects wrote.
type ProjectResult struct {
	Projects, Plans, Progress, Milestones Counts
}

const projectCols = `p.code, p.name, p.level, p.category, p.region_code, p.stage, p.total_investment, p.owner_unit, p.leader, p.sample, p.updated_at, p.updated_by`

func scanProject(sc interface{ Scan(...any) error }, more ...any) (domain.Project, error) {
	var p domain.Project
	dst := append([]any{&p.Code, &p.Name, &p.Level, &p.Category, &p.RegionCode, &p.Stage, &p.TotalInvestment, &p.OwnerUnit, &p.Leader, &p.Sample, &p.UpdatedAt, &p.UpdatedBy}, more...)
	err := sc.Scan(dst...)
	return p, err
}

func describeProject(p domain.Project) string {
	return fmt.Sprintf("%s|%s|%s|%s|%s|%s|%g|%s|%s", p.Code, p.Name, p.Level, p.Category, p.RegionCode, p.Stage, p.TotalInvestment, p.OwnerUnit, p.Leader)
}

func sameProject(a, b domain.Project) bool {
	return a.Name == b.Name && a.Level == b.Level && a.Category == b.Category && a.RegionCode == b.RegionCode && a.Stage == b.Stage &&
		a.TotalInvestment == b.TotalInvestment && a.OwnerUnit == b.OwnerUnit && a.Leader == b.Leader && a.Sample == b.Sample
}

// ApplyProjects writes b in one transaction: a new project is inserted, a changed one updated
// (audited old → new); a plan is set per project and year (a change audited); a month's
// cumulative that differs from the current one becomes a new revision (audited), the old one
// kept; milestones are set. One audit record names the import.
func (s *Store) ApplyProjects(ctx context.Context, b ProjectBatch) (ProjectResult, error) {
	var res ProjectResult
	err := s.inConnTx(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		return s.applyProjects(ctx, conn, tx, b, &res)
	})
	if err != nil {
		return ProjectResult{}, err
	}
	return res, nil
}

// applyProjects is ApplyProjects within tx, adding to res.
func (s *Store) applyProjects(ctx context.Context, conn *sql.Conn, tx *sql.Tx, b ProjectBatch, res *ProjectResult) error {
	now := s.now()
	at := s.dialect.stamp(now)
	ins := inserter{tx: tx, dialect: s.dialect, conn: conn}
	a := auditor{tx: tx, ctx: ctx, at: at, actor: b.Actor, ip: b.SourceIP}
	if err := s.applyProjectRows(ctx, tx, ins, a, at, b, res); err != nil {
		return err
	}
	if err := applyPlans(ctx, tx, ins, a, b.Plans, res); err != nil {
		return err
	}
	if err := applyProgress(ctx, tx, ins, a, at, b, res); err != nil {
		return err
	}
	if err := applyMilestones(ctx, tx, ins, a, b.Milestones, res); err != nil {
		return err
	}
	return a.log("projects.import", "projects:"+b.Source, "", fmt.Sprintf("projects %d/%d/%d plans %d/%d/%d progress %d/%d/%d milestones %d/%d/%d",
		res.Projects.New, res.Projects.Revised, res.Projects.Unchanged, res.Plans.New, res.Plans.Revised, res.Plans.Unchanged,
		res.Progress.New, res.Progress.Revised, res.Progress.Unchanged, res.Milestones.New, res.Milestones.Revised, res.Milestones.Unchanged))
}

func (s *Store) applyProjectRows(ctx context.Context, tx *sql.Tx, ins inserter, a auditor, at any, b ProjectBatch, res *ProjectResult) error {
	if len(b.Projects) == 0 {
		return nil
	}
	old := map[string]domain.Project{}
	rows, err := tx.QueryContext(ctx, `SELECT `+projectCols+` FROM projects p`)
	if err != nil {
		return err
	}
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			rows.Close()
			return err
		}
		old[p.Code] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var fresh [][]any
	for _, p := range b.Projects {
		o, ok := old[p.Code]
		switch {
		case !ok:
			fresh = append(fresh, []any{p.Code, p.Name, p.Level, p.Category, p.RegionCode, p.Stage, p.TotalInvestment, p.OwnerUnit, p.Leader, p.Sample, at, b.Actor})
			res.Projects.New++
		case sameProject(o, p):
			res.Projects.Unchanged++
		default:
			if err := updateProject(ctx, tx, at, b.Actor, p); err != nil {
				return err
			}
			if err := a.log("project.update", "project:"+p.Code, describeProject(o), describeProject(p)); err != nil {
				return err
			}
			res.Projects.Revised++
		}
	}
	return ins.insert(ctx, "projects", []string{"code", "name", "level", "category", "region_code", "stage", "total_investment", "owner_unit", "leader", "sample", "updated_at", "updated_by"}, fresh)
}

func updateProject(ctx context.Context, tx *sql.Tx, at any, by string, p domain.Project) error {
	_, err := tx.ExecContext(ctx, `UPDATE projects SET name = $2, level = $3, category = $4, region_code = $5, stage = $6, total_investment = $7,
		owner_unit = $8, leader = $9, sample = $10, updated_at = $11, updated_by = $12 WHERE code = $1`,
		p.Code, p.Name, p.Level, p.Category, p.RegionCode, p.Stage, p.TotalInvestment, p.OwnerUnit, p.Leader, p.Sample, at, by)
	if err != nil {
		return fmt.Errorf("update project %s: %w", p.Code, err)
	}
	return nil
}

func applyPlans(ctx context.Context, tx *sql.Tx, ins inserter, a auditor, plans []domain.ProjectPlan, res *ProjectResult) error {
	if len(plans) == 0 {
		return nil
	}
	years := map[string]bool{}
	for _, p := range plans {
		years[strconv.Itoa(p.Year)] = true
	}
	var args []any
	q := `SELECT project_code, year, annual_plan FROM project_plans WHERE year IN (` + placeholders(&args, keys(years)) + `)`
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	old := map[string]float64{}
	for rows.Next() {
		var code string
		var y int
		var v float64
		if err := rows.Scan(&code, &y, &v); err != nil {
			rows.Close()
			return err
		}
		old[code+"\x00"+strconv.Itoa(y)] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var fresh [][]any
	for _, p := range plans {
		v, ok := old[p.ProjectCode+"\x00"+strconv.Itoa(p.Year)]
		switch {
		case !ok:
			fresh = append(fresh, []any{p.ProjectCode, p.Year, p.AnnualPlan})
			res.Plans.New++
		case v == p.AnnualPlan:
			res.Plans.Unchanged++
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE project_plans SET annual_plan = $3 WHERE project_code = $1 AND year = $2`, p.ProjectCode, p.Year, p.AnnualPlan); err != nil {
				return err
			}
			if err := a.log("project_plan.update", fmt.Sprintf("project_plan:%s/%d", p.ProjectCode, p.Year), strconv.FormatFloat(v, 'g', -1, 64), strconv.FormatFloat(p.AnnualPlan, 'g', -1, 64)); err != nil {
				return err
			}
			res.Plans.Revised++
		}
	}
	return ins.insert(ctx, "project_plans", []string{"project_code", "year", "annual_plan"}, fresh)
}

func applyProgress(ctx context.Context, tx *sql.Tx, ins inserter, a auditor, at any, b ProjectBatch, res *ProjectResult) error {
	if len(b.Progress) == 0 {
		return nil
	}
	periods := map[string]bool{}
	for _, p := range b.Progress {
		periods[p.Period] = true
	}
	var args []any
	rows, err := tx.QueryContext(ctx, `SELECT project_code, period, completed, revision FROM project_progress WHERE is_current AND period IN (`+
		placeholders(&args, keys(periods))+`)`, args...)
	if err != nil {
		return err
	}
	type cur struct {
		v   float64
		rev int
	}
	old := map[string]cur{}
	for rows.Next() {
		var code, period string
		var c cur
		if err := rows.Scan(&code, &period, &c.v, &c.rev); err != nil {
			rows.Close()
			return err
		}
		old[code+"\x00"+period] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var fresh [][]any
	for _, p := range b.Progress {
		c, ok := old[p.ProjectCode+"\x00"+p.Period]
		switch {
		case !ok:
			fresh = append(fresh, []any{p.ProjectCode, p.Period, p.Completed, p.Sample, 1, true, at, b.Actor})
			res.Progress.New++
		case c.v == p.Completed:
			res.Progress.Unchanged++
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE project_progress SET is_current = FALSE WHERE project_code = $1 AND period = $2 AND is_current`, p.ProjectCode, p.Period); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO project_progress (project_code, period, completed, sample, revision, is_current, recorded_at, recorded_by)
				VALUES ($1, $2, $3, $4, $5, TRUE, $6, $7)`, p.ProjectCode, p.Period, p.Completed, p.Sample, c.rev+1, at, b.Actor); err != nil {
				return fmt.Errorf("revise progress %s %s: %w", p.ProjectCode, p.Period, err)
			}
			if err := a.log("project_progress.revise", fmt.Sprintf("project_progress:%s/%s", p.ProjectCode, p.Period),
				strconv.FormatFloat(c.v, 'g', -1, 64), strconv.FormatFloat(p.Completed, 'g', -1, 64)); err != nil {
				return err
			}
			res.Progress.Revised++
		}
		old[p.ProjectCode+"\x00"+p.Period] = cur{p.Completed, c.rev + 1}
	}
	return ins.insert(ctx, "project_progress", []string{"project_code", "period", "completed", "sample", "revision", "is_current", "recorded_at", "recorded_by"}, fresh)
}

func applyMilestones(ctx context.Context, tx *sql.Tx, ins inserter, a auditor, ms []domain.Milestone, res *ProjectResult) error {
	var fresh [][]any
	for _, m := range ms {
		var planned, actual string
		err := tx.QueryRowContext(ctx, `SELECT planned_date, actual_date FROM project_milestones WHERE project_code = $1 AND stage = $2`, m.ProjectCode, m.Stage).Scan(&planned, &actual)
		switch {
		case err == sql.ErrNoRows:
			fresh = append(fresh, []any{m.ProjectCode, m.Stage, m.Planned, m.Actual})
			res.Milestones.New++
		case err != nil:
			return err
		case planned == m.Planned && actual == m.Actual:
			res.Milestones.Unchanged++
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE project_milestones SET planned_date = $3, actual_date = $4 WHERE project_code = $1 AND stage = $2`,
				m.ProjectCode, m.Stage, m.Planned, m.Actual); err != nil {
				return err
			}
			if err := a.log("project_milestone.update", "project_milestone:"+m.ProjectCode+"/"+m.Stage, planned+"|"+actual, m.Planned+"|"+m.Actual); err != nil {
				return err
			}
			res.Milestones.Revised++
		}
	}
	return ins.insert(ctx, "project_milestones", []string{"project_code", "stage", "planned_date", "actual_date"}, fresh)
}

// inRegions is the condition "p.region_code IN (regions)", its arguments appended to args.
func inRegions(args *[]any, regions []string) string {
	if len(regions) == 0 {
		return "FALSE"
	}
	return "p.region_code IN (" + placeholders(args, regions) + ")"
}

// Projects lists the projects of regions (exactly those codes), by code.
func (s *Store) Projects(ctx context.Context, regions []string) ([]domain.Project, error) {
	var args []any
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT `+projectCols+` FROM projects p WHERE `+inRegions(&args, regions)+` ORDER BY p.code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Project
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ProjectCodes reports which of codes are projects of the register.
func (s *Store) ProjectCodes(ctx context.Context, codes []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(codes); start += 500 {
		var args []any
		rows, err := s.rd(ctx).QueryContext(ctx, `SELECT code FROM projects WHERE code IN (`+placeholders(&args, codes[start:min(start+500, len(codes))])+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return nil, err
			}
			out[c] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Project returns one project; an unknown code is ENOTFOUND.
func (s *Store) Project(ctx context.Context, code string) (domain.Project, error) {
	p, err := scanProject(s.rd(ctx).QueryRowContext(ctx, `SELECT `+projectCols+` FROM projects p WHERE p.code = $1`, code))
	if err == sql.ErrNoRows {
		return p, domain.E(domain.ENOTFOUND, "projects.unknown", code)
	}
	return p, err
}

// yearBounds are the first and last period of period's year up to period: "YYYY-01", period.
func yearBounds(period string) (int, string, string) {
	y, _ := strconv.Atoi(period[:4])
	return y, period[:4] + "-01", period
}

// ProjectFigures returns the projects of regions that have a plan for period's year, each with
// that plan and its latest current cumulative of the year at or before period (0 and "" when
// none), by code. The projects' update stamps are not read (UpdatedAt zero).
func (s *Store) ProjectFigures(ctx context.Context, regions []string, period string) ([]domain.ProjectFigure, error) {
	if len(period) != 7 {
		return nil, domain.E(domain.EINVALID, "projects.bad_period", period)
	}
	year, from, to := yearBounds(period)
	args := []any{year, from, to}
	// No ORDER BY: sorting in SQL would walk the projects by code instead of by region.
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT p.code, p.name, p.level, p.category, p.region_code, p.stage, p.total_investment, p.owner_unit,
			p.leader, p.sample, pl.annual_plan, COALESCE(pr.period, ''), COALESCE(pr.completed, 0), COALESCE(pr.sample, FALSE)
		FROM projects p
		JOIN project_plans pl ON pl.project_code = p.code AND pl.year = $1
		LEFT JOIN project_progress pr ON pr.project_code = p.code AND pr.is_current AND pr.period = (
			SELECT MAX(q.period) FROM project_progress q WHERE q.project_code = p.code AND q.is_current AND q.period >= $2 AND q.period <= $3)
		WHERE `+inRegions(&args, regions), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ProjectFigure
	for rows.Next() {
		var f domain.ProjectFigure
		if err := rows.Scan(&f.Code, &f.Name, &f.Level, &f.Category, &f.RegionCode, &f.Stage, &f.TotalInvestment, &f.OwnerUnit, &f.Leader, &f.Sample,
			&f.Planned, &f.Reported, &f.Completed, &f.ReportSample); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b domain.ProjectFigure) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

// ProjectGroup is one line of a summary's sums as the database groups them: By is "total",
// "category", "level", "town" (Key a region code), "stage" (Count only) or "unreported" (Key a
// project code whose latest cumulative of the year is not the period's).
type ProjectGroup struct {
	By, Key string
	domain.ProjectTotals
	Sample bool // "total": some project is 示例
}

// ProjectGroups sums the projects of regions that have a plan for period's year — each at its
// latest current cumulative of the year at or before period — by category, level, region and
// stage. The database reads the rows once and groups them by all four at once (one sort: a
// county's projects fall into a few dozen such groups however many there are), each group with
// the codes of its projects not reported for period; the groups are then added up here into the
// sums by category, level, town and stage.
func (s *Store) ProjectGroups(ctx context.Context, regions []string, period string) ([]ProjectGroup, error) {
	if len(period) != 7 {
		return nil, domain.E(domain.EINVALID, "projects.bad_period", period)
	}
	year, from, to := yearBounds(period)
	args := []any{year, from, to}
	concat := "group_concat(CASE WHEN COALESCE(pr.period, '') <> $3 THEN p.code END, ',')"
	if s.dialect == Postgres {
		concat = "string_agg(CASE WHEN COALESCE(pr.period, '') <> $3 THEN p.code END, ',')"
	}
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT p.category, p.level, p.region_code, p.stage, COUNT(*), SUM(pl.annual_plan),
			COALESCE(SUM(pr.completed), 0), MAX(CASE WHEN p.sample THEN 1 ELSE 0 END), COALESCE(`+concat+`, '')
		FROM projects p
		JOIN project_plans pl ON pl.project_code = p.code AND pl.year = $1
		LEFT JOIN project_progress pr ON pr.project_code = p.code AND pr.is_current AND pr.period = (
			SELECT MAX(q.period) FROM project_progress q WHERE q.project_code = p.code AND q.is_current AND q.period >= $2 AND q.period <= $3)
		WHERE `+inRegions(&args, regions)+`
		GROUP BY p.region_code, p.category, p.level, p.stage`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	total := ProjectGroup{By: "total"}
	index := map[[2]string]int{}
	var out, unreported []ProjectGroup
	add := func(by, key string, t domain.ProjectTotals) {
		i, ok := index[[2]string{by, key}]
		if !ok {
			i = len(out)
			index[[2]string{by, key}] = i
			out = append(out, ProjectGroup{By: by, Key: key})
		}
		out[i].Count, out[i].Planned, out[i].Completed = out[i].Count+t.Count, out[i].Planned+t.Planned, out[i].Completed+t.Completed
	}
	for rows.Next() {
		var category, level, region, stage, codes string
		var t domain.ProjectTotals
		var sample int
		if err := rows.Scan(&category, &level, &region, &stage, &t.Count, &t.Planned, &t.Completed, &sample, &codes); err != nil {
			return nil, err
		}
		add("category", category, t)
		add("level", level, t)
		add("town", region, t)
		add("stage", stage, domain.ProjectTotals{Count: t.Count})
		total.Count, total.Planned, total.Completed = total.Count+t.Count, total.Planned+t.Planned, total.Completed+t.Completed
		total.Sample = total.Sample || sample == 1
		for _, code := range strings.Split(codes, ",") {
			if code != "" {
				unreported = append(unreported, ProjectGroup{By: "unreported", Key: code})
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return append(append(out, unreported...), total), nil
}

// ProjectTotals is ProjectFigures summed by one SQL aggregate: how many projects, their plans and
// their latest cumulatives. The summary workflow sums in Go (it needs the breakdowns); this is
// its cross-check and the benchmark's yardstick.
func (s *Store) ProjectTotals(ctx context.Context, regions []string, period string) (domain.ProjectTotals, error) {
	var t domain.ProjectTotals
	if len(period) != 7 {
		return t, domain.E(domain.EINVALID, "projects.bad_period", period)
	}
	year, from, to := yearBounds(period)
	args := []any{year, from, to}
	err := s.rd(ctx).QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(pl.annual_plan), 0), COALESCE(SUM(pr.completed), 0)
		FROM projects p
		JOIN project_plans pl ON pl.project_code = p.code AND pl.year = $1
		LEFT JOIN project_progress pr ON pr.project_code = p.code AND pr.is_current AND pr.period = (
			SELECT MAX(q.period) FROM project_progress q WHERE q.project_code = p.code AND q.is_current AND q.period >= $2 AND q.period <= $3)
		WHERE `+inRegions(&args, regions), args...).Scan(&t.Count, &t.Planned, &t.Completed)
	return t, err
}

// ProjectPlans returns a project's annual plans, by year.
func (s *Store) ProjectPlans(ctx context.Context, code string) ([]domain.ProjectPlan, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT project_code, year, annual_plan FROM project_plans WHERE project_code = $1 ORDER BY year`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ProjectPlan
	for rows.Next() {
		var p domain.ProjectPlan
		if err := rows.Scan(&p.ProjectCode, &p.Year, &p.AnnualPlan); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ProjectProgress returns every revision of a project's cumulatives (current and superseded), by
// period then revision.
func (s *Store) ProjectProgress(ctx context.Context, code string) ([]domain.ProjectProgress, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT project_code, period, completed, sample, revision, recorded_at, recorded_by
		FROM project_progress WHERE project_code = $1 ORDER BY period, revision`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ProjectProgress
	for rows.Next() {
		var p domain.ProjectProgress
		if err := rows.Scan(&p.ProjectCode, &p.Period, &p.Completed, &p.Sample, &p.Revision, &p.RecordedAt, &p.RecordedBy); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Milestones returns the milestones of the projects of regions, by project and stage order as
// stored (the workflow orders stages).
func (s *Store) Milestones(ctx context.Context, regions []string) ([]domain.Milestone, error) {
	var args []any
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT m.project_code, m.stage, m.planned_date, m.actual_date FROM project_milestones m
		JOIN projects p ON p.code = m.project_code WHERE `+inRegions(&args, regions)+` ORDER BY m.project_code, m.planned_date`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Milestone
	for rows.Next() {
		var m domain.Milestone
		if err := rows.Scan(&m.ProjectCode, &m.Stage, &m.Planned, &m.Actual); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// UpdateProject writes a project's fields (not its code), audited old → new; unchanged fields
// write nothing. An unknown code is ENOTFOUND.
func (s *Store) UpdateProject(ctx context.Context, by Who, p domain.Project) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := scanProject(tx.QueryRowContext(ctx, `SELECT `+projectCols+` FROM projects p WHERE p.code = $1`, p.Code))
		if err == sql.ErrNoRows {
			return domain.E(domain.ENOTFOUND, "projects.unknown", p.Code)
		}
		if err != nil {
			return err
		}
		p.Sample = old.Sample
		if sameProject(old, p) {
			return nil
		}
		at := s.dialect.stamp(s.now())
		if err := updateProject(ctx, tx, at, by.Actor(), p); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: at, actor: by.Actor(), ip: by.IP}
		return a.log("project.update", "project:"+p.Code, describeProject(old), describeProject(p))
	})
}

// AddProblem records a project's problem, audited, and returns its id.
func (s *Store) AddProblem(ctx context.Context, by Who, p domain.Problem) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		at := s.dialect.stamp(s.now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO project_problems (project_code, description, coordinating_unit, deadline, state, recorded_at, recorded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.ProjectCode, p.Description, p.CoordinatingUnit, p.Deadline, p.State, at, by.Actor()).Scan(&id); err != nil {
			return fmt.Errorf("add problem to %s: %w", p.ProjectCode, err)
		}
		a := auditor{tx: tx, ctx: ctx, at: at, actor: by.Actor(), ip: by.IP}
		return a.log("project_problem.create", "project_problem:"+strconv.FormatInt(id, 10), "", p.ProjectCode+"|"+p.Description+"|"+p.CoordinatingUnit+"|"+p.Deadline+"|"+p.State)
	})
	return id, err
}

// SetProblemState moves a problem to state, audited; the same state writes nothing. An unknown
// id (or one of another project) is ENOTFOUND.
func (s *Store) SetProblemState(ctx context.Context, by Who, project string, id int64, state string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT state FROM project_problems WHERE id = $1 AND project_code = $2`, id, project).Scan(&old)
		if err == sql.ErrNoRows {
			return domain.E(domain.ENOTFOUND, "projects.problem.unknown", id)
		}
		if err != nil || old == state {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE project_problems SET state = $2 WHERE id = $1`, id, state); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("project_problem.state", "project_problem:"+strconv.FormatInt(id, 10), old, state)
	})
}

// Problems returns the problems of the projects of regions (every state), by project and id.
func (s *Store) Problems(ctx context.Context, regions []string) ([]domain.Problem, error) {
	var args []any
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT q.id, q.project_code, q.description, q.coordinating_unit, q.deadline, q.state, q.recorded_at, q.recorded_by
		FROM project_problems q JOIN projects p ON p.code = q.project_code WHERE `+inRegions(&args, regions)+` ORDER BY q.project_code, q.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Problem
	for rows.Next() {
		var p domain.Problem
		if err := rows.Scan(&p.ID, &p.ProjectCode, &p.Description, &p.CoordinatingUnit, &p.Deadline, &p.State, &p.RecordedAt, &p.RecordedBy); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// AddPhoto stores a site photo with its thumbnail, audited, and returns its id.
func (s *Store) AddPhoto(ctx context.Context, by Who, ph domain.Photo) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		at := s.dialect.stamp(s.now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO project_photos (project_code, period, caption, content_type, data, thumb, size, uploaded_at, uploaded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, ph.ProjectCode, ph.Period, ph.Caption, ph.ContentType, ph.Data, ph.Thumb,
			int64(len(ph.Data)), at, by.Actor()).Scan(&id); err != nil {
			return fmt.Errorf("add photo to %s: %w", ph.ProjectCode, err)
		}
		a := auditor{tx: tx, ctx: ctx, at: at, actor: by.Actor(), ip: by.IP}
		return a.log("project_photo.create", "project_photo:"+strconv.FormatInt(id, 10), "",
			fmt.Sprintf("%s|%s|%s|%d bytes|%s", ph.ProjectCode, ph.Period, ph.ContentType, len(ph.Data), ph.Caption))
	})
	return id, err
}

// Photos lists a project's photos without their bytes, newest period first.
func (s *Store) Photos(ctx context.Context, project string) ([]domain.Photo, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT id, project_code, period, caption, content_type, size, uploaded_at, uploaded_by
		FROM project_photos WHERE project_code = $1 ORDER BY period DESC, id`, project)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Photo
	for rows.Next() {
		var p domain.Photo
		if err := rows.Scan(&p.ID, &p.ProjectCode, &p.Period, &p.Caption, &p.ContentType, &p.Size, &p.UploadedAt, &p.UploadedBy); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Photo returns one photo of a project with its bytes and thumbnail; unknown is ENOTFOUND.
func (s *Store) Photo(ctx context.Context, project string, id int64) (domain.Photo, error) {
	var p domain.Photo
	err := s.rd(ctx).QueryRowContext(ctx, `SELECT id, project_code, period, caption, content_type, data, thumb, size, uploaded_at, uploaded_by
		FROM project_photos WHERE id = $1 AND project_code = $2`, id, project).Scan(&p.ID, &p.ProjectCode, &p.Period, &p.Caption, &p.ContentType,
		&p.Data, &p.Thumb, &p.Size, &p.UploadedAt, &p.UploadedBy)
	if err == sql.ErrNoRows {
		return p, domain.E(domain.ENOTFOUND, "projects.photo.unknown", id)
	}
	return p, err
}
