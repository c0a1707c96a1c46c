package notify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/notify"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// BenchmarkOutbox delivers 10,000 notifications from the outbox to a real local webhook receiver
// (issue 13, acceptance 9), on SQLite and PostgreSQL: "clean" with one deliverer; "killed" with
// the deliverer killed (its context ended) once the receiver has 5,000, the store opened anew and
// a second deliverer finishing after the lease. Each iteration checks that all 10,000 arrived
// (none lost) and that every message carried one key however often it came; msgs/s is the
// throughput over the delivery (enqueueing not timed), dups the messages received twice.
// scripts/bench-outbox.sh runs it.
func BenchmarkOutbox(b *testing.B) {
	const total = 10000
	for _, d := range storetest.Dialects {
		for _, killed := range []bool{false, true} {
			name := d.Name + "/clean"
			if killed {
				name = d.Name + "/killed"
			}
			b.Run(name, func(b *testing.B) {
				var elapsed time.Duration
				var dups int
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					st := d.Open(b)
					if err := st.CreateUnit(ctx, store.Who{Username: "ana"}, domain.Unit{Code: unit, Name: "鹤山市商务局", RegionCode: "440784", Kind: "department"}, nil); err != nil {
						b.Fatal(err)
					}
					rc := newReceiver(b, nil)
					svc := notify.New(st)
					if _, err := svc.Subscribe(ctx, ana, domain.Subscription{UnitCode: unit, EventKind: "*", Channel: domain.ChannelWebhook, Target: rc.URL + "/hook"}); err != nil {
						b.Fatal(err)
					}
					evs := make([]domain.Event, total)
					for j := range evs {
						evs[j] = overdue(fmt.Sprintf("消息%05d", j))
					}
					if n, err := svc.Notify(ctx, ana, evs...); err != nil || n != total {
						b.Fatal(n, err)
					}
					start := time.Now()
					b.StartTimer()
					if killed {
						dctx, kill := context.WithCancel(ctx)
						rc.setHook(func(n int) {
							if n == total/2 {
								kill()
							}
						})
						if _, err := svc.Drain(dctx); err == nil {
							b.Fatal("the killed deliverer reported no error")
						}
						st2, err := store.Open(ctx, storetest.DSN(b, st))
						if err != nil {
							b.Fatal(err)
						}
						later := notify.New(st2).WithClock(func() time.Time { return time.Now().Add(svc.ClaimLease() + time.Second) })
						if _, err := later.Drain(ctx); err != nil {
							b.Fatal(err)
						}
						st2.Close()
					} else if res, err := svc.Drain(ctx); err != nil || res.Sent != total {
						b.Fatal(res, err)
					}
					b.StopTimer()
					elapsed += time.Since(start)
					if stats, _ := st.OutboxStats(ctx, time.Now()); stats != (domain.OutboxStats{Sent: total}) {
						b.Fatalf("after delivery: %+v", stats)
					}
					keys := map[string]string{}
					got := rc.deliveries()
					for _, dl := range got {
						var m struct{ Subject string }
						json.Unmarshal(dl.Body, &m)
						if k, ok := keys[m.Subject]; ok && k != dl.Key {
							b.Fatalf("%s came with keys %s and %s", m.Subject, k, dl.Key)
						}
						keys[m.Subject] = dl.Key
					}
					if len(keys) != total {
						b.Fatalf("received %d distinct messages, want %d", len(keys), total)
					}
					dups += len(got) - total
				}
				b.ReportMetric(float64(total*b.N)/elapsed.Seconds(), "msgs/s")
				b.ReportMetric(float64(dups)/float64(b.N), "dups")
			})
		}
	}
}
