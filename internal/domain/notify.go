package domain

import (
	"strings"
	"time"
)

// Notification channels: a generic JSON webhook, the group robots of WeCom (企业微信), DingTalk
// (钉钉) and Feishu/Lark (飞书), and e-mail.
const (
	ChannelWebhook  = "webhook"
	ChannelWeCom    = "wecom"
	ChannelDingTalk = "dingtalk"
	ChannelFeishu   = "feishu"
	ChannelEmail    = "email"
)

// Channels lists every channel, in the order pages show them.
var Channels = []string{ChannelWebhook, ChannelWeCom, ChannelDingTalk, ChannelFeishu, ChannelEmail}

// AnyEvent is the event kind of a subscription to every kind.
const AnyEvent = "*"

// Outbox states: a message waits (pending, perhaps for its next attempt), was delivered (sent)
// or was given up after the last attempt (dead).
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxDead    = "dead"
)

// Subscription says that a unit's events of a kind go to a target over a channel. Secret is the
// channel's signing key (DingTalk, Feishu, the webhook's HMAC): stored, never shown back.
//
// A subscription names a unit or, instead, an account (Username): an account's subscription
// takes the events that name that account (Event.Accounts) — how a leader in charge, who has
// no unit, hears of the follow-ups in his charge on his own channel.
type Subscription struct {
	ID        int64
	UnitCode  string
	Username  string // an account's subscription: UnitCode is "" then
	EventKind string
	Channel   string
	Target    string
	Secret    string
	CreatedBy string
	CreatedAt time.Time
}

// Validate checks a subscription as written by an analyst: a unit, an event kind (letters,
// digits, '.', '_' or '*'), a known channel, and a target fitting the channel — an http(s) URL
// for the webhooks, an address for e-mail.
func (s Subscription) Validate() error {
	if s.UnitCode == "" && s.Username == "" {
		return E(EINVALID, "notify.unit_missing")
	}
	if s.UnitCode != "" && s.Username != "" {
		return E(EINVALID, "notify.unit_or_account")
	}
	if s.EventKind == "" || len(s.EventKind) > 64 || strings.IndexFunc(s.EventKind, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r == '.' || r == '_' || r == '*')
	}) >= 0 {
		return E(EINVALID, "notify.bad_kind", s.EventKind)
	}
	known := false
	for _, c := range Channels {
		known = known || c == s.Channel
	}
	if !known {
		return E(EINVALID, "notify.bad_channel", s.Channel)
	}
	if s.Channel == ChannelEmail {
		if !plainAddress(s.Target) {
			return E(EINVALID, "notify.bad_address", s.Target)
		}
		return nil
	}
	rest, ok := strings.CutPrefix(s.Target, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(s.Target, "http://")
	}
	host, _, _ := strings.Cut(rest, "/")
	if !ok || host == "" || strings.ContainsAny(s.Target, " \t\r\n<>\"") {
		return E(EINVALID, "notify.bad_url", s.Target)
	}
	if (s.Channel == ChannelDingTalk || s.Channel == ChannelFeishu) && s.Secret == "" {
		// Both robots may run without signing, but a robot without its secret is one anyone who
		// learns the URL can post to: Pacer asks for the signing secret.
		return E(EINVALID, "notify.secret_missing", s.Channel)
	}
	return nil
}

// plainAddress reports whether a is a bare e-mail address: one '@' with text either side, a dot
// in the domain, no space, no angle bracket, no comma.
func plainAddress(a string) bool {
	local, dom, ok := strings.Cut(a, "@")
	return ok && local != "" && strings.Contains(dom, ".") && !strings.HasPrefix(dom, ".") && !strings.HasSuffix(dom, ".") &&
		!strings.ContainsAny(a, " \t\r\n<>,;\"") && !strings.Contains(dom, "@") && len(a) <= 254
}

// MaskTarget is a target as pages and the audit log show it: a robot's or webhook's URL without
// the values of its query (WeCom's key, DingTalk's access_token are credentials), each replaced
// by "***"; an e-mail address as it is.
func MaskTarget(target string) string {
	base, query, ok := strings.Cut(target, "?")
	if !ok {
		return target
	}
	parts := strings.Split(query, "&")
	for i, p := range parts {
		if k, _, has := strings.Cut(p, "="); has {
			parts[i] = k + "=***"
		}
	}
	return base + "?" + strings.Join(parts, "&")
}

// Event is something that happened that a unit's subscribers are told of: its kind
// (followup.overdue, data.late …), the unit it concerns, a subject and a text already in the
// words officials read, and data for machines (the generic webhook passes it on as JSON).
//
// Accounts names the accounts told besides the unit's subscribers, through their own
// subscriptions (the leader in charge of a follow-up). To, when given, names the recipients
// instead of any subscriber (the analyst's escalation, the monthly pack); Attachments travel with
// the message (e-mail attaches them, the generic webhook passes them on in its JSON, base64).
type Event struct {
	Kind        string
	UnitCode    string
	Accounts    []string
	Subject     string
	Text        string
	Data        map[string]any
	To          []Recipient
	Attachments []Attachment
	// NotUnit keeps the unit's subscribers out: only To and Accounts hear (an escalation about
	// the unit, to those above it).
	NotUnit bool
}

// OutboxMessage is one message to one subscriber, as the outbox keeps it.
type OutboxMessage struct {
	ID             int64
	IdempotencyKey string
	SubscriptionID int64
	EventKind      string
	UnitCode       string
	Username       string // the account whose own subscription it goes to ("" for a unit's)
	Channel        string
	Target         string
	Secret         string
	Subject        string
	Body           string // the event as JSON: {"subject","text","data"}
	State          string
	Attempts       int
	NextAttemptAt  time.Time
	LastError      string
	CreatedAt      time.Time
	SentAt         *time.Time
}

// OutboxStats counts the outbox's messages by state.
type OutboxStats struct {
	Pending, Sent, Dead int
	// Due counts the pending messages whose next attempt is due.
	Due int
}

// JobRun is the scheduler's record of one slot of a job: who claimed it, when it started and
// finished, and how it ended ("ok" or the error).
type JobRun struct {
	Job, Slot, ClaimedBy string
	StartedAt            time.Time
	FinishedAt           *time.Time
	Outcome              string
	Attempts             int
}
