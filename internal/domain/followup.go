package domain

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Follow-up states (督办事项): open → in_progress (the owner unit replied) → done (the analyst
// closed it). Overdue is not a state but a reading of the deadline (FollowUp.StatusOn).
const (
	FollowUpOpen       = "open"
	FollowUpInProgress = "in_progress"
	FollowUpDone       = "done"
	FollowUpOverdue    = "overdue"
)

// What a follow-up may be linked to (by kind and reference).
const (
	LinkIndicator  = "indicator"
	LinkProject    = "project"
	LinkLead       = "lead"
	LinkEnterprise = "enterprise"
)

// Follow-up event kinds: each step of a follow-up's history.
const (
	EventCreate           = "create"
	EventReply            = "reply"
	EventClose            = "close"
	EventReturn           = "return"
	EventExtensionRequest = "extension_request"
	EventExtensionGrant   = "extension_grant"
	EventExtensionRefuse  = "extension_refuse"
	EventLeader           = "leader" // the leader in charge named or changed
)

// MaxFollowUpText is the longest title, reply or reason, in characters.
const MaxFollowUpText = 500

// DayLayout is how a calendar day is written: 2023-08-28.
const DayLayout = "2006-01-02"

// FollowUp is a matter a meeting or the analyst hands to an owner unit, with a deadline.
type FollowUp struct {
	ID          int64
	RegionCode  string
	MeetingID   int64 // the meeting whose decision it is, 0 when added by hand
	Title       string
	OwnerUnit   string
	Cooperating []string // cooperating units' codes
	Deadline    string   // YYYY-MM-DD
	LinkKind    string   // "" | indicator | project | lead | enterprise
	LinkRef     string
	Leader      string // 挂点/分管领导: the username of the account (role leader) in charge, "" when none
	State       string
	// A pending extension request: the deadline asked for and why ("" when none is pending).
	ExtensionDeadline string
	ExtensionReason   string
	// EscalatedDeadline is the deadline whose passing was escalated (owner unit and leader told):
	// one escalation per overdue episode; a granted extension starts a new one.
	EscalatedDeadline string
	Version           int64
	CreatedBy         string
	CreatedAt         time.Time
	ClosedAt          *time.Time
}

// FollowUpEvent is one step of a follow-up's history.
type FollowUpEvent struct {
	ID         int64
	FollowUpID int64
	Kind       string
	Text       string
	Deadline   string // the deadline asked for or granted
	Actor      string
	UnitCode   string
	At         time.Time
	Photos     []FollowUpPhoto
}

// FollowUpPhoto is a picture attached to a reply. Data is left empty in lists.
type FollowUpPhoto struct {
	ID          int64
	Name        string
	ContentType string
	Data        []byte
}

// ParseDay reads a calendar day (YYYY-MM-DD; 2023-8-9 too) as midnight UTC.
func ParseDay(s string) (time.Time, error) {
	t, err := time.Parse("2006-1-2", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, E(EINVALID, "cadence.bad_date", s)
	}
	return t, nil
}

// Validate checks a new follow-up: a title, an owner unit, a deadline, a known link kind with
// its reference.
func (f FollowUp) Validate() error {
	switch {
	case strings.TrimSpace(f.Title) == "":
		return E(EINVALID, "cadence.followup.title_missing")
	case utf8.RuneCountInString(f.Title) > MaxFollowUpText:
		return E(EINVALID, "cadence.followup.text_long", MaxFollowUpText)
	case f.OwnerUnit == "":
		return E(EINVALID, "cadence.followup.owner_missing")
	}
	if _, err := ParseDay(f.Deadline); err != nil {
		return err
	}
	switch f.LinkKind {
	case "":
		if f.LinkRef != "" {
			return E(EINVALID, "cadence.followup.link_kind", f.LinkKind)
		}
	case LinkIndicator, LinkProject, LinkLead, LinkEnterprise:
		if strings.TrimSpace(f.LinkRef) == "" {
			return E(EINVALID, "cadence.followup.link_ref", f.LinkKind)
		}
	default:
		return E(EINVALID, "cadence.followup.link_kind", f.LinkKind)
	}
	for _, c := range f.Cooperating {
		if c == f.OwnerUnit {
			return E(EINVALID, "cadence.followup.cooperating_owner", c)
		}
	}
	return nil
}

// StatusOn is the follow-up's status on a day: its state, or overdue when it is not done and
// its deadline is before day.
func (f FollowUp) StatusOn(day time.Time) string {
	if f.State != FollowUpDone {
		if d, err := ParseDay(f.Deadline); err == nil && d.Before(day) {
			return FollowUpOverdue
		}
	}
	return f.State
}

// followUpText refuses an empty (when required) or too long text.
func followUpText(text string, required bool, missing string) (string, error) {
	text = strings.TrimSpace(text)
	if required && text == "" {
		return "", E(EINVALID, missing)
	}
	if utf8.RuneCountInString(text) > MaxFollowUpText {
		return "", E(EINVALID, "cadence.followup.text_long", MaxFollowUpText)
	}
	return text, nil
}

// ownerOnly refuses a unit that does not own f: only the owner unit's reporter replies.
func (f *FollowUp) ownerOnly(unit string) error {
	if unit == "" || unit != f.OwnerUnit {
		return E(EFORBIDDEN, "cadence.followup.not_owner", f.OwnerUnit)
	}
	return nil
}

func (f *FollowUp) notDone() error {
	if f.State == FollowUpDone {
		return E(ECONFLICT, "cadence.followup.done", f.ID)
	}
	return nil
}

// Reply records the owner unit's progress report: an open follow-up goes in progress.
func (f *FollowUp) Reply(unit, text string, photos int) (FollowUpEvent, error) {
	if err := f.ownerOnly(unit); err != nil {
		return FollowUpEvent{}, err
	}
	if err := f.notDone(); err != nil {
		return FollowUpEvent{}, err
	}
	text, err := followUpText(text, photos == 0, "cadence.followup.reply_missing")
	if err != nil {
		return FollowUpEvent{}, err
	}
	f.State = FollowUpInProgress
	return FollowUpEvent{Kind: EventReply, Text: text, UnitCode: unit}, nil
}

// Close marks the follow-up done (the analyst's decision) at now.
func (f *FollowUp) Close(text string, now time.Time) (FollowUpEvent, error) {
	if err := f.notDone(); err != nil {
		return FollowUpEvent{}, err
	}
	text, err := followUpText(text, false, "")
	if err != nil {
		return FollowUpEvent{}, err
	}
	t := now
	f.State, f.ClosedAt, f.ExtensionDeadline, f.ExtensionReason = FollowUpDone, &t, "", ""
	return FollowUpEvent{Kind: EventClose, Text: text}, nil
}

// Return sends a reply back to the owner unit with a reason: the follow-up is open again.
func (f *FollowUp) Return(reason string) (FollowUpEvent, error) {
	if f.State != FollowUpInProgress {
		return FollowUpEvent{}, E(ECONFLICT, "cadence.followup.return_state")
	}
	reason, err := followUpText(reason, true, "cadence.followup.reason_missing")
	if err != nil {
		return FollowUpEvent{}, err
	}
	f.State = FollowUpOpen
	return FollowUpEvent{Kind: EventReturn, Text: reason}, nil
}

// RequestExtension asks, for the owner unit, for a later deadline; the analyst decides.
func (f *FollowUp) RequestExtension(unit, deadline, reason string) (FollowUpEvent, error) {
	if err := f.ownerOnly(unit); err != nil {
		return FollowUpEvent{}, err
	}
	if err := f.notDone(); err != nil {
		return FollowUpEvent{}, err
	}
	if f.ExtensionDeadline != "" {
		return FollowUpEvent{}, E(ECONFLICT, "cadence.followup.extension_pending", f.ExtensionDeadline)
	}
	want, err := ParseDay(deadline)
	if err != nil {
		return FollowUpEvent{}, err
	}
	if cur, _ := ParseDay(f.Deadline); !want.After(cur) {
		return FollowUpEvent{}, E(EINVALID, "cadence.followup.extension_not_later", deadline, f.Deadline)
	}
	reason, err = followUpText(reason, true, "cadence.followup.reason_missing")
	if err != nil {
		return FollowUpEvent{}, err
	}
	f.ExtensionDeadline, f.ExtensionReason = want.Format(DayLayout), reason
	return FollowUpEvent{Kind: EventExtensionRequest, Text: reason, Deadline: f.ExtensionDeadline, UnitCode: unit}, nil
}

// DecideExtension grants (the deadline moves) or refuses a pending extension request.
func (f *FollowUp) DecideExtension(grant bool, text string) (FollowUpEvent, error) {
	if f.ExtensionDeadline == "" {
		return FollowUpEvent{}, E(ECONFLICT, "cadence.followup.no_extension")
	}
	if err := f.notDone(); err != nil {
		return FollowUpEvent{}, err
	}
	text, err := followUpText(text, !grant, "cadence.followup.reason_missing")
	if err != nil {
		return FollowUpEvent{}, err
	}
	ev := FollowUpEvent{Kind: EventExtensionRefuse, Text: text, Deadline: f.ExtensionDeadline}
	if grant {
		ev.Kind, f.Deadline = EventExtensionGrant, f.ExtensionDeadline
	}
	f.ExtensionDeadline, f.ExtensionReason = "", ""
	return ev, nil
}

// AssignLeader names the leader in charge (a username; "" for none) of a follow-up not done.
// Whether the account is a leader is the workflow's check (it needs the accounts).
func (f *FollowUp) AssignLeader(username string) (FollowUpEvent, error) {
	if err := f.notDone(); err != nil {
		return FollowUpEvent{}, err
	}
	username = strings.TrimSpace(username)
	if username == f.Leader {
		return FollowUpEvent{}, E(EINVALID, "followup.leader.same", username)
	}
	f.Leader = username
	return FollowUpEvent{Kind: EventLeader, Text: username}, nil
}

// EscalationDue reports whether f is overdue on day and its current overdue episode (its
// present deadline) has not been escalated yet.
func (f FollowUp) EscalationDue(day time.Time) bool {
	return f.StatusOn(day) == FollowUpOverdue && f.EscalatedDeadline != f.Deadline
}

// Meeting is a dispatch meeting as recorded; its decisions are follow-ups naming it.
type Meeting struct {
	ID         int64
	RegionCode string
	Week       string // YYYY-Www
	HeldOn     string // YYYY-MM-DD
	Chair      string
	Attendees  []string
	RecordedBy string
	RecordedAt time.Time
}

// Validate checks a meeting: its day, a chair, at least one decision's worth of record.
func (m Meeting) Validate() error {
	if _, err := ParseDay(m.HeldOn); err != nil {
		return err
	}
	if _, err := ParseISOWeek(m.Week); err != nil {
		return err
	}
	if strings.TrimSpace(m.Chair) == "" {
		return E(EINVALID, "cadence.meeting.chair_missing")
	}
	return nil
}

// ParseISOWeek returns the Monday (midnight UTC) of an ISO week written YYYY-Www.
func ParseISOWeek(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	var y, w int
	if len(s) != 8 || s[4] != '-' || s[5] != 'W' || !weekDigits(s[:4]) || !weekDigits(s[6:]) {
		return time.Time{}, E(EINVALID, "cadence.bad_week", s)
	}
	y, w = weekNumber(s[:4]), weekNumber(s[6:])
	jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+(w-1)*7)
	if gy, gw := monday.ISOWeek(); w < 1 || gy != y || gw != w {
		return time.Time{}, E(EINVALID, "cadence.bad_week", s)
	}
	return monday, nil
}

// ISOWeek writes the ISO week of t as YYYY-Www.
func ISOWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return weekYear(y) + "-W" + string(rune('0'+w/10)) + string(rune('0'+w%10))
}

func weekDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func weekNumber(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func weekYear(n int) string {
	b := []byte{'0', '0', '0', '0'}
	for i := 3; i >= 0 && n > 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}
