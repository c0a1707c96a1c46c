// Package deadlines is the calendar of the monthly round (issue 13 §7): submission deadlines (a
// day of the month after each period, by default, per indicator or per unit), the units late with
// their figures — reminded once, escalated to the analyst once after a delay, listed on the
// dashboard and the weekly agenda — and the monthly pack sent on a day of the month to named
// recipients. Its jobs (Remind, SendPack) are called by the scheduler and, once, from the
// command line.
package deadlines

import (
	"context"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Setting keys of the deadlines (the days per indicator and unit are a table of their own).
const (
	KeyDefaultDay   = "deadline_day"       // day of the following month, 1–31
	KeyEscalateDays = "late_escalate_days" // days after the deadline an escalation goes out
	KeyEscalateTo   = "late_escalate_to"   // the analyst's recipients, one a line
	KeyPackDay      = "pack_day"           // day of the month the pack goes out, 0 for never
	KeyPackTo       = "pack_to"            // the pack's recipients, one a line
)

// Service is the deadlines workflow over one store. Pack builds the monthly pack's files; nil
// (the default) sends no pack.
type Service struct {
	store *store.Store
	Pack  PackBuilder
}

// New returns the workflow over st.
func New(st *store.Store) *Service { return &Service{store: st} }

func who(a domain.Actor) store.Who { return store.Who{Username: a.Username, Role: a.Role, IP: a.IP} }

// scheduler is the actor of the jobs the scheduler runs.
var scheduler = domain.Actor{Username: "scheduler"}

// Config is the deployment's deadlines and recipients.
type Config struct {
	Rule         domain.DeadlineRule
	EscalateDays int
	EscalateTo   []domain.Recipient
	PackDay      int // 0: the pack is not sent
	PackTo       []domain.Recipient
}

// Config reads the deadlines' settings and days, with their defaults where none is set.
func (s *Service) Config(ctx context.Context) (Config, error) {
	kv, err := s.store.Settings(ctx)
	if err != nil {
		return Config{}, err
	}
	c := Config{Rule: domain.DeadlineRule{Default: domain.DefaultDeadlineDay, Indicator: map[string]int{}, Unit: map[string]int{}},
		EscalateDays: domain.DefaultEscalateDays}
	if d, err := strconv.Atoi(kv[KeyDefaultDay]); err == nil && domain.CheckDeadlineDay(d) == nil {
		c.Rule.Default = d
	}
	if d, err := strconv.Atoi(kv[KeyEscalateDays]); err == nil && domain.CheckEscalateDays(d) == nil {
		c.EscalateDays = d
	}
	if d, err := strconv.Atoi(kv[KeyPackDay]); err == nil && domain.CheckDeadlineDay(d) == nil {
		c.PackDay = d
	}
	// Stored recipients were checked when written; one that no longer parses is left out.
	c.EscalateTo, _ = domain.ParseRecipients(kv[KeyEscalateTo])
	c.PackTo, _ = domain.ParseRecipients(kv[KeyPackTo])
	days, err := s.store.SubmissionDeadlines(ctx)
	if err != nil {
		return Config{}, err
	}
	for _, d := range days {
		switch d.Scope {
		case domain.DeadlineIndicator:
			c.Rule.Indicator[d.Code] = d.Day
		case domain.DeadlineUnit:
			c.Rule.Unit[d.Code] = d.Day
		}
	}
	return c, nil
}

// Settings is the analyst's form of the deadlines: numbers and recipients as typed.
type Settings struct {
	DefaultDay, EscalateDays, PackDay string
	EscalateTo, PackTo                string
}

// SetSettings checks and writes the deployment's deadline settings in one transaction: a
// default day 1–31, an escalation delay 1–60 days, a pack day 0–31 (0 or blank: never), and the
// recipients (addresses or http(s) URLs).
func (s *Service) SetSettings(ctx context.Context, by domain.Actor, in Settings) error {
	if err := domain.DeploymentWide(ctx); err != nil {
		return err // the settings every region shares
	}
	day, err := atoi(in.DefaultDay, "deadlines.bad_day")
	if err != nil {
		return err
	}
	if err := domain.CheckDeadlineDay(day); err != nil {
		return err
	}
	esc, err := atoi(in.EscalateDays, "deadlines.bad_escalate", domain.MaxEscalateDays)
	if err != nil {
		return err
	}
	if err := domain.CheckEscalateDays(esc); err != nil {
		return err
	}
	pack := 0
	if strings.TrimSpace(in.PackDay) != "" {
		if pack, err = atoi(in.PackDay, "deadlines.bad_pack_day"); err != nil {
			return err
		}
		if pack != 0 && domain.CheckDeadlineDay(pack) != nil {
			return domain.E(domain.EINVALID, "deadlines.bad_pack_day", in.PackDay)
		}
	}
	escTo, err := domain.ParseRecipients(in.EscalateTo)
	if err != nil {
		return err
	}
	packTo, err := domain.ParseRecipients(in.PackTo)
	if err != nil {
		return err
	}
	return s.store.SetSettings(ctx, who(by), map[string]string{
		KeyDefaultDay: strconv.Itoa(day), KeyEscalateDays: strconv.Itoa(esc), KeyPackDay: strconv.Itoa(pack),
		KeyEscalateTo: domain.RecipientsText(escTo), KeyPackTo: domain.RecipientsText(packTo)})
}

// atoi reads a whole number typed in a form; a refusal names it with key (its first argument
// the text, then more).
func atoi(text, key string, more ...any) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil {
		return 0, domain.E(domain.EINVALID, key, append([]any{text}, more...)...)
	}
	return n, nil
}

// SetDay sets the deadline day of an indicator or a unit (scope domain.DeadlineIndicator or
// domain.DeadlineUnit); a blank day or 0 removes it, so the default (or the indicator's) holds.
func (s *Service) SetDay(ctx context.Context, by domain.Actor, scope, code, day string) error {
	if scope != domain.DeadlineIndicator && scope != domain.DeadlineUnit {
		return domain.E(domain.EINVALID, "deadlines.bad_scope", scope)
	}
	d := 0
	if strings.TrimSpace(day) != "" {
		var err error
		if d, err = atoi(day, "deadlines.bad_day"); err != nil {
			return err
		}
		if d != 0 {
			if err := domain.CheckDeadlineDay(d); err != nil {
				return err
			}
		}
	}
	switch scope {
	case domain.DeadlineIndicator:
		if err := domain.DeploymentWide(ctx); err != nil {
			return err // an indicator's day holds for every region
		}
		if _, err := s.store.Indicator(ctx, code); err != nil {
			return err
		}
	case domain.DeadlineUnit:
		u, err := s.store.Unit(ctx, code)
		if err == nil {
			err = domain.InScope(ctx, s.store, u.RegionCode, code)
		}
		if err != nil {
			return err
		}
	}
	return s.store.SetSubmissionDeadline(ctx, who(by), scope, code, d)
}

// Page is the analyst's deadlines page for a region: the settings, the indicators and units
// one may set a day for, and who is late today.
type Page struct {
	Region     domain.Region
	Config     Config
	Indicators []domain.Indicator
	Units      []domain.Unit
	Late       []LateUnit
}

// Page reads the deadlines page of region.
func (s *Service) Page(ctx context.Context, region string) (*Page, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	reg, err := s.store.Region(ctx, region)
	if err != nil {
		return nil, err
	}
	p := &Page{Region: reg}
	if p.Config, err = s.Config(ctx); err != nil {
		return nil, err
	}
	if p.Indicators, err = s.store.Indicators(ctx); err != nil {
		return nil, err
	}
	if p.Units, err = s.store.Units(ctx, region); err != nil {
		return nil, err
	}
	p.Late, err = s.late(ctx, p.Config, region, s.store.Now())
	return p, err
}
