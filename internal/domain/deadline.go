package domain

import (
	"strings"
	"time"
)

// Submission deadlines (报送截止日, issue 13 §7): a period's figures are due by a day of the month
// after it. The deployment has a default day; an indicator may have a day of its own, and a unit
// one that wins over the indicator's — a unit's day says when that office can report at all (a
// town whose figures pass through the county), which holds for everything it reports.
const (
	DefaultDeadlineDay  = 10 // the 10th of the following month
	DefaultEscalateDays = 3  // escalated to the analyst this many days after the deadline
	MaxEscalateDays     = 60
)

// Deadline scopes: a day set for an indicator or for a unit.
const (
	DeadlineIndicator = "indicator"
	DeadlineUnit      = "unit"
)

// DeadlineRule is the deployment's deadline days: Default, and the days set per indicator and
// per unit (by code).
type DeadlineRule struct {
	Default   int
	Indicator map[string]int
	Unit      map[string]int
}

// Day is the day of the following month by which unit reports indicator: the unit's day, else
// the indicator's, else the default (DefaultDeadlineDay when none is set).
func (r DeadlineRule) Day(unit, indicator string) int {
	if d := r.Unit[unit]; d > 0 {
		return d
	}
	if d := r.Indicator[indicator]; d > 0 {
		return d
	}
	if r.Default > 0 {
		return r.Default
	}
	return DefaultDeadlineDay
}

// Deadline is the date by which the figures of period (year, month) are due: day of the month
// after it, the month's last day when it has fewer days (31 in a 30-day month, 30 in February).
// December's figures are due in January of the next year.
func Deadline(year, month, day int) time.Time {
	next := time.Date(year, time.Month(month)+1, 1, 0, 0, 0, 0, time.UTC)
	last := next.AddDate(0, 1, -1).Day()
	return time.Date(next.Year(), next.Month(), min(max(day, 1), last), 0, 0, 0, 0, time.UTC)
}

// DaysLate is how many whole days day is past deadline: 0 on the deadline itself and before, 1
// the day after.
func DaysLate(deadline, day time.Time) int {
	d := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	if !d.After(deadline) {
		return 0
	}
	return int(d.Sub(deadline).Hours() / 24)
}

// CheckDeadlineDay refuses a deadline day outside 1–31.
func CheckDeadlineDay(day int) error {
	if day < 1 || day > 31 {
		return E(EINVALID, "deadlines.bad_day", day)
	}
	return nil
}

// CheckEscalateDays refuses an escalation delay outside 1–MaxEscalateDays.
func CheckEscalateDays(days int) error {
	if days < 1 || days > MaxEscalateDays {
		return E(EINVALID, "deadlines.bad_escalate", days, MaxEscalateDays)
	}
	return nil
}

// Recipient is a named recipient of messages that go to no unit's subscribers (the analyst's
// escalations, the monthly pack): an e-mail address, or a URL the generic webhook posts to.
type Recipient struct {
	Channel string // ChannelEmail or ChannelWebhook
	Target  string
}

// ParseRecipients reads recipients written one a line (or separated by commas, semicolons or
// spaces): an address for e-mail, an http(s) URL for the webhook. An empty text is no recipient.
func ParseRecipients(text string) ([]Recipient, error) {
	var out []Recipient
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return r == '\n' || r == '\r' || r == ',' || r == ';' || r == ' ' || r == '\t' || r == '，' || r == '；'
	}) {
		r := Recipient{Channel: ChannelEmail, Target: f}
		if strings.Contains(f, "://") {
			r.Channel = ChannelWebhook
		}
		// The subscription's own checks (an address, or an http(s) URL) hold for a recipient.
		if err := (Subscription{UnitCode: "-", EventKind: AnyEvent, Channel: r.Channel, Target: f}).Validate(); err != nil {
			return nil, err
		}
		if !seen[f] {
			seen[f] = true
			out = append(out, r)
		}
	}
	return out, nil
}

// RecipientsText writes recipients back one a line, as ParseRecipients reads them.
func RecipientsText(rs []Recipient) string {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(r.Target)
	}
	return b.String()
}

// Attachment is a file sent with a message (the monthly pack's scorecard and report).
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"` // base64 in the outbox's JSON
}
