// Package notify delivers notifications: who receives what is configured per unit
// (subscriptions: a unit, an event kind, a channel and its target) — or per account, for those
// who have no unit (a leader in charge of follow-ups: the events naming him in
// domain.Event.Accounts go to his account's own subscriptions); an event's messages are
// written to the outbox in the event's own transaction (store.Enqueue, or the store method that
// records the event); one deliverer per channel drains the outbox — claim with a lease, send,
// mark sent, or retry with exponential backoff until MaxAttempts and then dead.
//
// Delivery is at least once: a deliverer that dies between sending and marking leaves its claim,
// which another takes when the lease ends and sends again — with the same idempotency key
// (header Idempotency-Key and in the body), by which the receiver knows it has the message.
package notify

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Defaults of a Service's delivery.
const (
	DefaultLease       = 2 * time.Minute  // a claim's life at least: DrainChannel lengthens it to cover a whole batch
	DefaultMaxAttempts = 8                // after the 8th failed attempt a message is dead
	BackoffBase        = 30 * time.Second // the wait after the first failure, doubled after each
	BackoffMax         = 6 * time.Hour
	sendTimeout        = 20 * time.Second // an HTTP send; an SMTP conversation may take twice this
)

// Service is the notifications workflow over one store.
type Service struct {
	store  *store.Store
	client *http.Client
	mail   Mail
	now    func() time.Time
	owner  string

	Lease       time.Duration
	MaxAttempts int
	Batch       int // messages one claim takes
	Workers     int // sends in flight at once, per channel
}

// Mail is the SMTP server e-mail goes out through: host:port, the sender, and an account when the
// server wants one (AUTH PLAIN, only over TLS or to this machine). STARTTLS is used whenever the
// server offers it; TLS, when set, is the configuration for it (its ServerName is filled in).
type Mail struct {
	Addr, From         string
	Username, Password string
	TLS                *tls.Config
}

// New returns the workflow over st, delivering with the defaults.
func New(st *store.Store) *Service {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return &Service{
		store:       st,
		client:      &http.Client{Timeout: sendTimeout, Transport: transport()},
		now:         time.Now,
		owner:       fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b)),
		Lease:       DefaultLease,
		MaxAttempts: DefaultMaxAttempts,
		Batch:       32,
		Workers:     8,
	}
}

// transport is the webhooks' HTTP transport: Go's default with enough idle connections kept per
// host for the workers of a deliverer.
func transport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 32
	return t
}

// WithMail returns a copy of s sending e-mail through m.
func (s *Service) WithMail(m Mail) *Service {
	c := *s
	c.mail = m
	return &c
}

// WithHTTPClient returns a copy of s sending webhooks with client.
func (s *Service) WithHTTPClient(client *http.Client) *Service {
	c := *s
	c.client = client
	return &c
}

// WithClock returns a copy of s reading the time from now, as another deliverer (its own owner
// name): tests start a second deliverer, or move time on, with it.
func (s *Service) WithClock(now func() time.Time) *Service {
	c := New(s.store)
	c.client, c.mail, c.now = s.client, s.mail, now
	c.Lease, c.MaxAttempts, c.Batch, c.Workers = s.Lease, s.MaxAttempts, s.Batch, s.Workers
	return c
}

// Owner is the name this deliverer claims messages under.
func (s *Service) Owner() string { return s.owner }

func who(a domain.Actor) store.Who { return store.Who{Username: a.Username, Role: a.Role, IP: a.IP} }

// Backoff is the wait before the next attempt after the attempts-th failed one: BackoffBase,
// doubled after each failure, at most BackoffMax.
func Backoff(attempts int) time.Duration {
	d := BackoffBase
	for i := 1; i < attempts && d < BackoffMax; i++ {
		d *= 2
	}
	return min(d, BackoffMax)
}

// Notify records events and their messages to every subscriber of each one's unit and kind, in
// one transaction, and returns how many messages it queued.
func (s *Service) Notify(ctx context.Context, by domain.Actor, events ...domain.Event) (int, error) {
	for _, ev := range events {
		if ev.UnitCode == "" || ev.Kind == "" || ev.Subject == "" {
			return 0, domain.E(domain.EINVALID, "notify.event_incomplete")
		}
	}
	return s.store.Enqueue(ctx, who(by), events...)
}

// Subscribe adds a subscription after checking it (domain.Subscription.Validate): a unit's, or an
// account's own (the account named as its username is spelled).
func (s *Service) Subscribe(ctx context.Context, by domain.Actor, sub domain.Subscription) (domain.Subscription, error) {
	if err := sub.Validate(); err != nil {
		return sub, err
	}
	if sub.Username != "" {
		u, err := s.store.UserByName(ctx, sub.Username)
		if err == nil && !domain.ScopeOf(ctx).Whole() {
			if u.RegionCode == "" {
				err = domain.E(domain.ENOTFOUND, "scope.not_found", sub.Username)
			} else {
				err = domain.InScope(ctx, s.store, u.RegionCode, sub.Username)
			}
		}
		if err != nil {
			return sub, err
		}
		sub.Username = u.Username
	} else if ok, err := s.unitInScope(ctx, sub.UnitCode); err != nil || !ok {
		if err == nil {
			err = domain.E(domain.ENOTFOUND, "scope.not_found", sub.UnitCode)
		}
		return sub, err
	}
	sub, err := s.store.AddSubscription(ctx, who(by), sub)
	sub.Secret = ""
	return sub, err
}

// Unsubscribe removes subscription id.
func (s *Service) Unsubscribe(ctx context.Context, by domain.Actor, id int64) error {
	if !domain.ScopeOf(ctx).Whole() {
		subs, err := s.store.Subscriptions(ctx, "")
		if err != nil {
			return err
		}
		found := false
		for _, x := range subs {
			if x.ID == id {
				if found, err = s.unitInScope(ctx, x.UnitCode); err != nil {
					return err
				}
			}
		}
		if !found {
			return domain.E(domain.ENOTFOUND, "scope.not_found", strconv.FormatInt(id, 10))
		}
	}
	return s.store.RemoveSubscription(ctx, who(by), id)
}

// Retry puts a dead message back in the queue, due now.
// The outbox is the deployment's: a deployment-wide account's to retry.
func (s *Service) Retry(ctx context.Context, by domain.Actor, id int64) error {
	if err := domain.DeploymentWide(ctx); err != nil {
		return err
	}
	return s.store.RetryOutbox(ctx, who(by), id)
}

// Subscription is a subscription as pages show it: its secret replaced by whether it has one,
// the credentials in its URL masked (domain.MaskTarget).
type Subscription struct {
	domain.Subscription
	Signed bool
}

// Overview is what the notifications page shows: every subscription (no secret, URLs masked), the units one
// may be added for, the outbox's counts, the dead letters and the latest messages.
type Overview struct {
	Subscriptions []Subscription
	Units         []domain.Unit
	Leaders       []domain.User // the leader accounts a subscription of one's own may be added for
	Stats         domain.OutboxStats
	Dead, Recent  []domain.OutboxMessage
	Runs          []domain.JobRun
}

// Overview reads the page's content; limit bounds each list of messages.
func (s *Service) Overview(ctx context.Context, limit int) (Overview, error) {
	var o Overview
	subs, err := s.store.Subscriptions(ctx, "")
	if err != nil {
		return o, err
	}
	for _, x := range subs {
		if ok, err := s.unitInScope(ctx, x.UnitCode); err != nil {
			return o, err
		} else if !ok {
			continue
		}
		signed := x.Secret != ""
		x.Secret, x.Target = "", domain.MaskTarget(x.Target)
		o.Subscriptions = append(o.Subscriptions, Subscription{x, signed})
	}
	if o.Units, err = s.store.AllUnits(ctx, domain.ScopeOf(ctx).Region); err != nil {
		return o, err
	}
	us, err := s.store.Users(ctx)
	if err != nil {
		return o, err
	}
	for _, u := range us {
		if u.Role == domain.RoleLeader && !u.Disabled && s.userInScope(ctx, u) {
			u.PasswordHash = ""
			o.Leaders = append(o.Leaders, u)
		}
	}
	if o.Stats, err = s.store.OutboxStats(ctx, s.now()); err != nil {
		return o, err
	}
	if o.Dead, err = s.store.OutboxMessages(ctx, domain.OutboxDead, limit); err != nil {
		return o, err
	}
	if o.Recent, err = s.store.OutboxMessages(ctx, "", limit); err != nil {
		return o, err
	}
	for _, list := range []*[]domain.OutboxMessage{&o.Dead, &o.Recent} {
		kept := (*list)[:0]
		for _, m := range *list {
			if ok, err := s.unitInScope(ctx, m.UnitCode); err != nil {
				return o, err
			} else if ok {
				kept = append(kept, m)
			}
		}
		*list = kept
	}
	for _, list := range [][]domain.OutboxMessage{o.Dead, o.Recent} {
		for i := range list {
			list[i].Secret, list[i].Target = "", domain.MaskTarget(list[i].Target)
		}
	}
	o.Runs, err = s.store.JobRuns(ctx, "", limit)
	return o, err
}

// Result counts what a drain did.
type Result struct {
	Sent, Failed, Dead int
}

func (r *Result) add(o Result) { r.Sent += o.Sent; r.Failed += o.Failed; r.Dead += o.Dead }

// Drain runs one deliverer per channel until none has a due message left (or ctx ends) and
// returns what they did together.
func (s *Service) Drain(ctx context.Context) (Result, error) {
	var (
		mu    sync.Mutex
		total Result
		first error
		wg    sync.WaitGroup
	)
	for _, ch := range domain.Channels {
		wg.Go(func() {
			r, err := s.DrainChannel(ctx, ch)
			mu.Lock()
			defer mu.Unlock()
			total.add(r)
			if err != nil && first == nil {
				first = fmt.Errorf("notify %s: %w", ch, err)
			}
		})
	}
	wg.Wait()
	return total, first
}

// ClaimLease is how long a claim lasts: at least Lease, and long enough for the slowest batch
// (every send running to its timeout), so that a live deliverer's claims never run out under it
// and no other deliverer sends its messages meanwhile.
func (s *Service) ClaimLease() time.Duration {
	batch, workers := max(s.Batch, 1), max(s.Workers, 1)
	return max(s.Lease, time.Duration((batch+workers-1)/workers+1)*2*sendTimeout)
}

// DrainChannel is one channel's deliverer: it claims due messages, sends them (Workers at once),
// marks the delivered ones sent and the others failed (dead after MaxAttempts), and goes on until
// no message is due. When ctx ends mid-batch nothing more is marked: the claims run out with
// their lease and the messages go out again, with the same keys.
func (s *Service) DrainChannel(ctx context.Context, channel string) (Result, error) {
	var res Result
	batch, workers, lease := max(s.Batch, 1), max(s.Workers, 1), s.ClaimLease()
	for {
		now := s.now()
		msgs, err := s.store.ClaimOutbox(ctx, s.owner, channel, now, now.Add(lease), batch)
		if err != nil || len(msgs) == 0 {
			return res, err
		}
		errs := make([]error, len(msgs))
		sem := make(chan struct{}, workers)
		var wg sync.WaitGroup
		for i, m := range msgs {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				errs[i] = s.send(ctx, m)
			})
		}
		wg.Wait()
		if err := ctx.Err(); err != nil {
			return res, err
		}
		var sent []int64
		for i, m := range msgs {
			if errs[i] == nil {
				sent = append(sent, m.ID)
				continue
			}
			dead := m.Attempts >= s.MaxAttempts
			if _, err := s.store.MarkOutboxFailed(ctx, s.owner, m.ID, errs[i].Error(), s.now().Add(Backoff(m.Attempts)), dead); err != nil {
				return res, err
			}
			if dead {
				res.Dead++
			} else {
				res.Failed++
			}
		}
		n, err := s.store.MarkOutboxSent(ctx, sent, s.now())
		res.Sent += n
		if err != nil {
			return res, err
		}
	}
}

// Prune deletes the messages sent more than keep ago and returns how many (pending and dead
// ones stay, whatever their age).
func (s *Service) Prune(ctx context.Context, keep time.Duration) (int64, error) {
	return s.store.PruneOutbox(ctx, s.now().Add(-keep))
}

// MailConfigured reports whether e-mail can go out: an SMTP server and a sender are set.
func (s *Service) MailConfigured() bool { return s.mail.Addr != "" && s.mail.From != "" }

// unitInScope reports whether ctx's scope covers unit code's region (an unknown unit: no).
// userInScope reports whether ctx's scope covers account u's region (a deployment-wide account
// only the whole deployment).
func (s *Service) userInScope(ctx context.Context, u domain.User) bool {
	sc := domain.ScopeOf(ctx)
	if sc.Whole() {
		return true
	}
	return u.RegionCode != "" && domain.InScope(ctx, s.store, u.RegionCode, u.Username) == nil
}

func (s *Service) unitInScope(ctx context.Context, code string) (bool, error) {
	if domain.ScopeOf(ctx).Whole() {
		return true, nil
	}
	u, err := s.store.Unit(ctx, code)
	if err == nil {
		err = domain.InScope(ctx, s.store, u.RegionCode, code)
	}
	if domain.ErrorKind(err) == domain.ENOTFOUND {
		return false, nil
	}
	return err == nil, err
}
