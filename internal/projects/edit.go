package projects

import (
	"context"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// CanEdit says whether user may change project p: an analyst any project; a reporter of a town
// unit the projects of its town (or a reporter whose unit is a county's, the projects of that
// county and its towns) — and a department's reporter the projects it owns (owner_unit is the
// unit's code or name). Nobody else.
func (s *Service) CanEdit(ctx context.Context, user domain.User, p domain.Project) (bool, error) {
	switch user.Role {
	case domain.RoleAnalyst:
		return true, nil
	case domain.RoleReporter:
	default:
		return false, nil
	}
	if user.UnitCode == "" {
		return false, nil
	}
	u, err := s.store.Unit(ctx, user.UnitCode)
	if err != nil {
		if domain.ErrorKind(err) == domain.ENOTFOUND {
			return false, nil
		}
		return false, err
	}
	if u.Kind == domain.UnitDepartment {
		return p.OwnerUnit != "" && (p.OwnerUnit == u.Code || p.OwnerUnit == u.Name), nil
	}
	a, err := s.areaOf(ctx, u.RegionCode)
	if err != nil {
		return false, err
	}
	return a.within(p.RegionCode), nil
}

// editable loads project code and refuses a user who may not change it.
func (s *Service) editable(ctx context.Context, user domain.User, code string) (domain.Project, error) {
	p, err := s.project(ctx, code)
	if err != nil {
		return p, err
	}
	ok, err := s.CanEdit(ctx, user, p)
	if err != nil {
		return p, err
	}
	if !ok {
		return p, domain.E(domain.EFORBIDDEN, "projects.forbidden", code)
	}
	return p, nil
}

func actorOf(user domain.User, ip string) domain.Actor {
	return domain.Actor{Username: user.Username, Role: user.Role, IP: ip}
}

// Change is an edit of a project's fields from its page: an empty (nil) field keeps its value;
// OwnerUnit and Leader, when given, may be emptied.
type Change struct {
	Name, Level, Category, Stage string
	OwnerUnit, Leader            *string
	TotalInvestment              *float64
}

// Update applies c to project code, audited, when user may edit it.
func (s *Service) Update(ctx context.Context, user domain.User, ip, code string, c Change) error {
	p, err := s.editable(ctx, user, code)
	if err != nil {
		return err
	}
	set := func(dst *string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			*dst = v
		}
	}
	set(&p.Name, c.Name)
	set(&p.Level, c.Level)
	set(&p.Category, c.Category)
	set(&p.Stage, c.Stage)
	if c.OwnerUnit != nil {
		p.OwnerUnit = strings.TrimSpace(*c.OwnerUnit)
	}
	if c.Leader != nil {
		p.Leader = strings.TrimSpace(*c.Leader)
	}
	if c.TotalInvestment != nil {
		p.TotalInvestment = *c.TotalInvestment
	}
	if errs := p.Validate(); len(errs) > 0 {
		return errs[0].Err
	}
	if err := s.store.UpdateProject(ctx, who(actorOf(user, ip)), p); err != nil {
		return err
	}
	if s.figs == nil {
		return nil
	}
	years, err := s.yearsOf(ctx, code)
	if err != nil {
		return err
	}
	return s.recompute(ctx, actorOf(user, ip), []string{p.RegionCode}, years)
}

// SetProgress records project code's cumulative for period (a changed value is a new revision,
// the old one kept), when user may edit it.
func (s *Service) SetProgress(ctx context.Context, user domain.User, ip, code, period string, completed float64) error {
	if _, err := s.editable(ctx, user, code); err != nil {
		return err
	}
	p, err := parsePeriod(period)
	if err != nil {
		return err
	}
	if !domain.ValidMoney(completed) {
		return domain.E(domain.EINVALID, "projects.expect.money")
	}
	b := store.ProjectBatch{Actor: actorOf(user, ip).String(), SourceIP: ip, Source: "web:" + code,
		Progress: []domain.ProjectProgress{{ProjectCode: code, Period: p.String(), Completed: completed}}}
	if _, err = s.store.ApplyProjects(ctx, b); err != nil {
		return err
	}
	return s.recordFigures(ctx, actorOf(user, ip), b)
}

// SetMilestone sets the planned and actual dates of a project's milestone, when user may edit it.
func (s *Service) SetMilestone(ctx context.Context, user domain.User, ip string, m domain.Milestone) error {
	if _, err := s.editable(ctx, user, m.ProjectCode); err != nil {
		return err
	}
	m.Planned, m.Actual = normaliseDate(strings.TrimSpace(m.Planned)), normaliseDate(strings.TrimSpace(m.Actual))
	if errs := m.Validate(); len(errs) > 0 {
		return errs[0].Err
	}
	_, err := s.store.ApplyProjects(ctx, store.ProjectBatch{Actor: actorOf(user, ip).String(), SourceIP: ip, Source: "web:" + m.ProjectCode,
		Milestones: []domain.Milestone{m}})
	return err
}

// AddProblem records a problem of a project (state 待协调 unless given), when user may edit it.
func (s *Service) AddProblem(ctx context.Context, user domain.User, ip string, p domain.Problem) (int64, error) {
	if _, err := s.editable(ctx, user, p.ProjectCode); err != nil {
		return 0, err
	}
	p.Description, p.CoordinatingUnit = strings.TrimSpace(p.Description), strings.TrimSpace(p.CoordinatingUnit)
	p.Deadline = normaliseDate(strings.TrimSpace(p.Deadline))
	if p.State == "" {
		p.State = domain.ProblemStates[0]
	}
	if err := p.Validate(); err != nil {
		return 0, err
	}
	return s.store.AddProblem(ctx, who(actorOf(user, ip)), p)
}

// SetProblemState moves a project's problem to state, when user may edit the project.
func (s *Service) SetProblemState(ctx context.Context, user domain.User, ip, code string, id int64, state string) error {
	if _, err := s.editable(ctx, user, code); err != nil {
		return err
	}
	if err := (domain.Problem{Description: "-", State: state}).Validate(); err != nil {
		return err
	}
	return s.store.SetProblemState(ctx, who(actorOf(user, ip)), code, id, state)
}
