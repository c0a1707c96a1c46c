package app

import (
	"context"
	"sort"
	"time"

	"pacer/internal/store"
	"pacer/internal/web"
)

// Gauges reports the values of the moment that GET /metrics shows beside the request counts:
// the database pools' use and the notification outbox's backlog.
func Gauges(st *store.Store) func(context.Context) []web.Gauge {
	return func(ctx context.Context) []web.Gauge {
		pools := st.PoolStats()
		names := make([]string, 0, len(pools))
		for n := range pools {
			names = append(names, n)
		}
		sort.Strings(names)
		var out []web.Gauge
		for _, n := range names {
			p := pools[n]
			l := map[string]string{"pool": n}
			out = append(out,
				web.Gauge{Name: "db_connections_open", Help: "Open database connections.", Labels: l, Value: float64(p.OpenConnections)},
				web.Gauge{Name: "db_connections_in_use", Help: "Database connections in use.", Labels: l, Value: float64(p.InUse)},
				web.Gauge{Name: "db_connections_max", Help: "Most database connections the pool may open (0: no limit).", Labels: l, Value: float64(p.MaxOpenConnections)},
				web.Gauge{Name: "db_wait_total", Help: "Times a request waited for a database connection.", Labels: l, Value: float64(p.WaitCount)},
				web.Gauge{Name: "db_wait_seconds_total", Help: "Time spent waiting for a database connection.", Labels: l, Value: p.WaitDuration.Seconds()},
			)
		}
		if ob, err := st.OutboxStats(ctx, time.Now()); err == nil {
			for _, g := range []struct {
				state string
				n     int
			}{{"pending", ob.Pending}, {"due", ob.Due}, {"dead", ob.Dead}} {
				out = append(out, web.Gauge{Name: "outbox_messages", Help: "Notification outbox messages by state (due: pending and due now).",
					Labels: map[string]string{"state": g.state}, Value: float64(g.n)})
			}
		}
		return out
	}
}
