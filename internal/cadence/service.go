// Package cadence runs the meeting rhythm of 一周一调度、半月一研判: the weekly dispatch agenda
// drawn from the data, follow-ups (督办事项) and the meetings that decide them, the frozen
// semi-monthly snapshots and their comparison, the meeting-room display and the agenda and
// minutes as documents. Its jobs (WeeklyAgenda, TakeSnapshot) are called by the scheduler and,
// once, from the command line.
package cadence

import (
	"context"
	"time"

	"pacer/internal/domain"
	"pacer/internal/scorecard"
	"pacer/internal/store"
)

// ItemProvider gives the agenda items of a register (key projects late on a milestone or stuck
// at a stage; leads past their response deadline) for a region, as of the Monday a week starts.
// Each item's Kind is "project" or "lead", Ref the project's or lead's code, Owner the owner
// unit's code, Due its deadline (YYYY-MM-DD, or ""), Subject its name and Title a message whose
// first argument is the subject (or Custom, a title as it is). Status is one the catalogue
// names as cadence.status.<status>: late (on a milestone), stuck (at a stage), unanswered
// (past a lead's response deadline).
type ItemProvider func(ctx context.Context, region string, monday time.Time) ([]Item, error)

// Service is the cadence workflow over one store.
//
// Projects and Leads are the hooks of the registers, LateData that of the round's deadlines
// (internal/deadlines): nil (the default) gives no items. The
// registers' packages wire them in internal/app, e.g.
//
//	cad := cadence.New(st, sc)
//	cad.Projects = projects.New(st).AgendaItems // func(ctx, region string, monday time.Time) ([]cadence.Item, error)
//	cad.Leads = leads.New(st).AgendaItems
type Service struct {
	store      *store.Store
	scorecards *scorecard.Service
	Projects   ItemProvider
	Leads      ItemProvider
	LateData   ItemProvider // figures late past their deadline (kind indicator, status late_data)
}

// New returns the cadence workflow over st, reading figures through sc.
func New(st *store.Store, sc *scorecard.Service) *Service {
	return &Service{store: st, scorecards: sc}
}

func who(a domain.Actor) store.Who { return store.Who{Username: a.Username, Role: a.Role, IP: a.IP} }

// scheduler is the actor of the jobs the scheduler runs.
var scheduler = domain.Actor{Username: "scheduler"}

// unitNames maps the region's unit codes (retired ones too) to their names.
func (s *Service) unitNames(ctx context.Context, region string) (map[string]string, error) {
	us, err := s.store.AllUnits(ctx, region)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, u := range us {
		out[u.Code] = u.Name
	}
	return out, nil
}
