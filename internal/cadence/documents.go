package cadence

import (
	"context"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/report"
)

// AgendaDocx is a week's agenda as a Word document, in lang.
func (s *Service) AgendaDocx(ctx context.Context, region, week, lang string) ([]byte, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	a, err := s.WeeklyAgenda(ctx, region, week)
	if err != nil {
		return nil, err
	}
	v := a.In(lang)
	var d report.Document
	d.Title(locale.T(lang, "cadence.doc.agenda_title", a.Region.Name, a.Week))
	d.Subtitle(locale.T(lang, "cadence.doc.agenda_sub", a.Monday.Format(domain.DayLayout), a.Period))
	rows := [][]string{}
	for i, it := range v.Items {
		due := ""
		if it.Due != nil {
			due = *it.Due
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), locale.T(lang, "cadence.kind."+it.Kind), it.Title,
			locale.T(lang, "cadence.status."+it.Status), it.OwnerName, due})
	}
	if len(rows) == 0 {
		d.Para(locale.T(lang, "cadence.agenda.empty"))
	} else {
		d.Table(columns(lang, "no", "kind", "title", "status", "owner", "due"), rows)
	}
	return d.Bytes()
}

// MinutesDocx is a meeting's minutes as a Word document, in lang.
func (s *Service) MinutesDocx(ctx context.Context, region string, id int64, lang string) ([]byte, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	m, err := s.Minutes(ctx, region, id)
	if err != nil {
		return nil, err
	}
	var d report.Document
	d.Title(locale.T(lang, "cadence.doc.minutes_title", m.Region.Name, m.Meeting.Week))
	d.Para(locale.T(lang, "cadence.doc.minutes_held", m.Meeting.HeldOn, m.Meeting.Chair))
	d.Para(locale.T(lang, "cadence.doc.minutes_attendees", strings.Join(m.Meeting.Attendees, "、")))
	d.Heading(locale.T(lang, "cadence.doc.decisions"))
	rows := [][]string{}
	for i, f := range m.Decisions {
		rows = append(rows, []string{strconv.Itoa(i + 1), f.Title, nameOr(m.Units, f.OwnerUnit), f.Deadline,
			locale.T(lang, "cadence.status."+f.State)})
	}
	d.Table(columns(lang, "no", "decision", "owner", "due", "status"), rows)
	return d.Bytes()
}

func columns(lang string, names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = locale.T(lang, "cadence.col."+n)
	}
	return out
}
