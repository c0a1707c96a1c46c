package cadence

import (
	"context"
	"pacer/internal/domain"

	"pacer/internal/scorecard"
)

// Display is the meeting-room display (大屏) of a week: the dashboard at the agenda's period
// (the headline, the focus points) and the agenda, item by item.
type Display struct {
	Agenda    *Agenda
	Dashboard *scorecard.Dashboard
}

// FocusStatus counts a focus point's indicators by status.
type FocusStatus struct {
	Title                    string
	Red, Yellow, Green, Rest int
}

// Display assembles the display of region for week.
func (s *Service) Display(ctx context.Context, region, week string) (*Display, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	a, err := s.WeeklyAgenda(ctx, region, week)
	if err != nil {
		return nil, err
	}
	d, err := s.scorecards.Dashboard(ctx, region, a.Period)
	if err != nil {
		return nil, err
	}
	return &Display{Agenda: a, Dashboard: d}, nil
}

// Focus is each focus point's count of indicators by status.
func (d *Display) Focus() []FocusStatus {
	var out []FocusStatus
	for _, f := range d.Dashboard.Focus {
		fs := FocusStatus{Title: f.Title}
		for _, it := range f.Items {
			switch statusOf(it.Line) {
			case "red":
				fs.Red++
			case "yellow":
				fs.Yellow++
			case "green":
				fs.Green++
			default:
				fs.Rest++
			}
		}
		out = append(out, fs)
	}
	return out
}

// StatusOf is a line's status as the agenda and snapshots judge it.
func StatusOf(l scorecard.Line) string { return statusOf(l) }
