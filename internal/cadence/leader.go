package cadence

import (
	"context"
	"slices"
	"strings"
	"time"

	"pacer/internal/domain"
	"pacer/internal/locale"
)

// The leader in charge of a follow-up (挂点/分管领导) and what the follow-up's changes tell whom.
//
// The leader is an account of role leader. Who hears of a follow-up: its owner unit, through the
// unit's subscriptions; and its leader, who has no unit, through the subscriptions of his own
// account (domain.Subscription.Username) — the event names him in domain.Event.Accounts. A
// leader with no subscription of his own reads the follow-ups page and the dashboard instead.

// noticeLang is the language of the messages the outbox carries (officials read Chinese).
const noticeLang = "zh-CN"

// leaders returns the accounts of role leader, by username.
func (s *Service) leaders(ctx context.Context) (map[string]domain.User, error) {
	us, err := s.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]domain.User{}
	for _, u := range us {
		if u.Role == domain.RoleLeader {
			out[u.Username] = u
		}
	}
	return out, nil
}

// leaderNames returns the display names of the leader accounts (their username when unnamed).
func (s *Service) leaderNames(ctx context.Context) (map[string]string, error) {
	ls, err := s.leaders(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(ls))
	for n, u := range ls {
		out[n] = leaderName(u)
	}
	return out, nil
}

func leaderName(u domain.User) string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Username
}

// Leaders lists the accounts a follow-up of region may have as its leader in charge, for the
// forms: role leader, not disabled, and seeing the region (issue 16: a deployment-wide leader,
// or one whose scope is the region or above it — never another county's leader).
func (s *Service) Leaders(ctx context.Context, region string) ([]domain.User, error) {
	ls, err := s.leadersOf(ctx, region)
	if err != nil {
		return nil, err
	}
	var out []domain.User
	for _, u := range ls {
		if !u.Disabled {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b domain.User) int { return strings.Compare(a.Username, b.Username) })
	return out, nil
}

// leadersOf returns the leader accounts whose scope covers region, by username.
func (s *Service) leadersOf(ctx context.Context, region string) (map[string]domain.User, error) {
	ls, err := s.leaders(ctx)
	if err != nil {
		return nil, err
	}
	chain, err := s.store.RegionChain(ctx, region)
	if err != nil {
		return nil, err
	}
	for n, u := range ls {
		if !(domain.Scope{Region: u.RegionCode}).Covers(chain) {
			delete(ls, n)
		}
	}
	return ls, nil
}

// leaderOf is the leader in charge a new follow-up of region gets: the one asked for, which must
// be an account of role leader, not disabled, whose scope covers the region; else, for a
// follow-up linked to a key project of the region, the project's leader in charge (挂点领导, a
// name the register keeps as text) when it is such a leader account's username or display name;
// else none.
func (s *Service) leaderOf(ctx context.Context, region, asked, linkKind, linkRef string) (string, error) {
	ls, err := s.leadersOf(ctx, region)
	if err != nil {
		return "", err
	}
	if asked = strings.TrimSpace(asked); asked != "" {
		for n, u := range ls {
			if strings.EqualFold(n, asked) && !u.Disabled {
				return n, nil
			}
		}
		return "", domain.E(domain.EINVALID, "followup.leader.unknown", asked)
	}
	if linkKind != domain.LinkProject {
		return "", nil
	}
	p, err := s.store.Project(ctx, linkRef)
	if domain.ErrorKind(err) == domain.ENOTFOUND {
		return "", nil
	} else if err != nil {
		return "", err
	}
	if pc, err := s.store.RegionChain(ctx, p.RegionCode); err != nil || !(domain.Scope{Region: region}).Covers(pc) {
		return "", err // another county's project: its leader is not this follow-up's to take
	}
	want := strings.TrimSpace(p.Leader)
	if want == "" {
		return "", nil
	}
	for n, u := range ls {
		if !u.Disabled && (n == want || u.DisplayName == want) {
			return n, nil
		}
	}
	return "", nil
}

// accounts is the leader as an event's accounts (none when there is no leader).
func accounts(leader string) []string {
	if leader == "" {
		return nil
	}
	return []string{leader}
}

// followUpData is the data of a follow-up's notices, for machines.
func followUpData(f domain.FollowUp) map[string]any {
	return map[string]any{"region": f.RegionCode, "followup": f.ID, "title": f.Title, "owner": f.OwnerUnit,
		"deadline": f.Deadline, "leader": f.Leader}
}

// assignedNotice is a new follow-up's notice: its owner unit and its leader told.
func assignedNotice(f domain.FollowUp) []domain.Event {
	return []domain.Event{{Kind: domain.NoticeFollowUpAssigned, UnitCode: f.OwnerUnit, Accounts: accounts(f.Leader),
		Subject: locale.T(noticeLang, "followup.notice.assigned.subject", f.Title),
		Text:    locale.T(noticeLang, "followup.notice.assigned.text", f.Title, f.Deadline),
		Data:    followUpData(f)}}
}

// changeNotices are the notices a change of a follow-up raises, by its event: a reply returned,
// an extension granted or refused — to the owner unit; a leader named — to the owner unit and
// the new leader. Other changes raise none.
func changeNotices(f domain.FollowUp, ev domain.FollowUpEvent) []domain.Event {
	var kind, subject, text string
	var to []string
	switch ev.Kind {
	case domain.EventReturn:
		kind = domain.NoticeFollowUpReturned
		subject, text = locale.T(noticeLang, "followup.notice.returned.subject", f.Title), locale.T(noticeLang, "followup.notice.returned.text", f.Title, ev.Text)
	case domain.EventExtensionGrant:
		kind = domain.NoticeExtensionGranted
		subject, text = locale.T(noticeLang, "followup.notice.granted.subject", f.Title), locale.T(noticeLang, "followup.notice.granted.text", f.Title, ev.Deadline)
	case domain.EventExtensionRefuse:
		kind = domain.NoticeExtensionRefused
		subject, text = locale.T(noticeLang, "followup.notice.refused.subject", f.Title), locale.T(noticeLang, "followup.notice.refused.text", f.Title, ev.Deadline, ev.Text)
	case domain.EventLeader:
		if f.Leader == "" {
			return nil
		}
		kind, to = domain.NoticeFollowUpLeader, accounts(f.Leader)
		subject, text = locale.T(noticeLang, "followup.notice.leader.subject", f.Title), locale.T(noticeLang, "followup.notice.leader.text", f.Title, f.Deadline)
	default:
		return nil
	}
	data := followUpData(f)
	data["event"] = ev.Kind
	return []domain.Event{{Kind: kind, UnitCode: f.OwnerUnit, Accounts: to, Subject: subject, Text: text, Data: data}}
}

// SetLeader names the leader in charge (an account of role leader; "" for none) of a follow-up
// of region (the analyst's); the owner unit and the new leader are told.
func (s *Service) SetLeader(ctx context.Context, by domain.Actor, region string, id int64, leader string) error {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return err
	}
	if leader = strings.TrimSpace(leader); leader != "" {
		var err error
		if leader, err = s.leaderOf(ctx, region, leader, "", ""); err != nil {
			return err
		}
	}
	return s.change(ctx, by, region, id, func(f *domain.FollowUp) (domain.FollowUpEvent, error) { return f.AssignLeader(leader) })
}

// EscalateOverdue escalates region's follow-ups overdue on now whose present deadline's passing
// has not been escalated yet (issue 13 §2): their owner unit and their leader in charge are told,
// in the transaction that marks the episode escalated — once per follow-up and deadline, however
// often it runs and across restarts; a granted extension starts a new episode. It returns how
// many follow-ups it escalated. The dashboard and the next agenda list every overdue follow-up,
// escalated or not.
func (s *Service) EscalateOverdue(ctx context.Context, by domain.Actor, region string, now time.Time) (int, error) {
	fs, err := s.Escalation(ctx, region, now)
	if err != nil {
		return 0, err
	}
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	n := 0
	for _, f := range fs {
		if !f.EscalationDue(day) {
			continue
		}
		data := followUpData(f.FollowUp)
		data["days_overdue"], data["day"] = f.Days, day.Format(domain.DayLayout)
		text := locale.T(noticeLang, "escalate.text", f.Title, f.Deadline, f.Days)
		if f.LeaderName != "" {
			text += locale.T(noticeLang, "followup.notice.leader_line", f.LeaderName)
		}
		ev := domain.Event{Kind: domain.NoticeFollowUpOverdue, UnitCode: f.OwnerUnit, Accounts: accounts(f.Leader),
			Subject: locale.T(noticeLang, "escalate.subject", f.Title), Text: text, Data: data}
		ok, err := s.store.EscalateFollowUp(ctx, who(by), f.ID, f.Deadline, ev)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// leaderLabel is "name" for a follow-up's leader, "" when none; an account no longer a leader
// keeps its username.
func leaderLabel(names map[string]string, username string) string {
	if username == "" {
		return ""
	}
	if n := names[username]; n != "" {
		return n
	}
	return username
}
