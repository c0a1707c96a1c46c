package deadlines

import (
	"context"
	"fmt"
	"time"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/store"
)

// PackBuilder builds the files of the monthly pack of region for period (YYYY-MM): the
// scorecard .xlsx, and the monthly analysis .docx. internal/app wires it.
type PackBuilder func(ctx context.Context, region, period string) ([]domain.Attachment, error)

// EventPack is the event kind of the monthly pack.
const EventPack = "pack.monthly"

// PackPeriod is the period the pack sent on day covers: the month ended before it.
func PackPeriod(day time.Time) string {
	y, m := domain.PeriodBefore(day)
	return fmt.Sprintf("%04d-%02d", y, m)
}

// SendPack is the monthly_pack job: from the configured day of the month (the month's last day
// when it has fewer), the pack of the month before (PackPeriod) is queued once to each named
// recipient with its files attached. A recipient sent that period's pack before is not sent it
// again, so the job may run every day; a recipient added later in the month is sent it on the
// next run. It returns how many recipients it queued the pack for.
func (s *Service) SendPack(ctx context.Context, region string, day time.Time) (int, error) {
	c, err := s.Config(ctx)
	if err != nil || s.Pack == nil || c.PackDay == 0 || len(c.PackTo) == 0 {
		return 0, err
	}
	last := time.Date(day.Year(), day.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day.Day() < min(c.PackDay, last) {
		return 0, nil
	}
	period := PackPeriod(day)
	key := func(r domain.Recipient) string { return "pack:" + region + "/" + period + ":" + r.Target }
	var keys []string
	for _, r := range c.PackTo {
		keys = append(keys, key(r))
	}
	told, err := s.store.NoticesTold(ctx, keys)
	if err != nil {
		return 0, err
	}
	var todo []domain.Recipient
	for _, r := range c.PackTo {
		if !told[key(r)] {
			todo = append(todo, r)
		}
	}
	if len(todo) == 0 {
		return 0, nil
	}
	files, err := s.Pack(ctx, region, period)
	if err != nil {
		return 0, err
	}
	reg, err := s.store.Region(ctx, region)
	if err != nil {
		return 0, err
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	notices := make([]store.Notice, 0, len(todo))
	for _, r := range todo {
		notices = append(notices, store.Notice{Keys: []string{key(r)}, Event: domain.Event{Kind: EventPack, To: []domain.Recipient{r},
			Subject: locale.T("zh-CN", "pack.subject", reg.Name, period),
			Text:    locale.T("zh-CN", "pack.text", reg.Name, period, len(files)),
			Data:    map[string]any{"region": region, "period": period, "files": names}, Attachments: files}})
	}
	n, _, err := s.store.EnqueueOnce(ctx, who(scheduler), notices...)
	return n, err
}
