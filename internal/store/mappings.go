package store

// Bulletin imports (ingest.ImportBulletin): the names an analyst mapped to codes, remembered per
// source; the ranks a bulletin printed, kept beside the ones Pacer computes; and the read-only
// planning a preview needs to say, exactly as ApplyBatch will decide, what is new, what revises
// an earlier figure and what is unchanged.

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Mapping kinds: what a remembered name stands for.
const (
	MappingIndicator = "indicator"
	MappingRegion    = "region"
	MappingSkip      = "skip" // a row or column the analyst chose not to import
)

// NameMapping is a name in a bulletin mapped to a code. Source groups the mappings of one kind
// of workbook (e.g. "江门统计月报"); Name is the name as the importer cleans it.
type NameMapping struct {
	Source     string
	Name       string
	Kind       string // MappingIndicator | MappingRegion | MappingSkip
	Code       string // "" for MappingSkip
	RecordedAt time.Time
	RecordedBy string
}

// NameMappings returns the mappings remembered for source, by name.
func (s *Store) NameMappings(ctx context.Context, source string) ([]NameMapping, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT source, name, kind, code, recorded_at, recorded_by FROM name_mappings
		WHERE source = $1 ORDER BY name`, source)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []NameMapping
	for rows.Next() {
		var m NameMapping
		if err := rows.Scan(&m.Source, &m.Name, &m.Kind, &m.Code, &m.RecordedAt, &m.RecordedBy); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// RememberMappings stores ms under source (replacing what a name mapped to before) with an audit
// row for every new or changed mapping, in one transaction. It reports how many changed.
func (s *Store) RememberMappings(ctx context.Context, source, actor, ip string, ms []NameMapping) (int, error) {
	changed := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: actor, ip: ip}
		for _, m := range ms {
			switch m.Kind {
			case MappingIndicator, MappingRegion, MappingSkip:
			default:
				return fmt.Errorf("mapping %q: unknown kind %q", m.Name, m.Kind)
			}
			var kind, code string
			err := tx.QueryRowContext(ctx, `SELECT kind, code FROM name_mappings WHERE source = $1 AND name = $2`,
				source, m.Name).Scan(&kind, &code)
			switch {
			case err == sql.ErrNoRows:
				if _, err := tx.ExecContext(ctx, `INSERT INTO name_mappings (source, name, kind, code, recorded_at, recorded_by)
					VALUES ($1, $2, $3, $4, $5, $6)`, source, m.Name, m.Kind, m.Code, a.at, actor); err != nil {
					return fmt.Errorf("insert mapping: %w", err)
				}
			case err != nil:
				return err
			case kind == m.Kind && code == m.Code:
				continue
			default:
				if _, err := tx.ExecContext(ctx, `UPDATE name_mappings SET kind = $3, code = $4, recorded_at = $5, recorded_by = $6
					WHERE source = $1 AND name = $2`, source, m.Name, m.Kind, m.Code, a.at, actor); err != nil {
					return fmt.Errorf("update mapping: %w", err)
				}
			}
			old := ""
			if err == nil {
				old = kind + ":" + code
			}
			if err := a.log("mapping.set", "mapping:"+source+"/"+m.Name, old, m.Kind+":"+m.Code); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	return changed, err
}

// Rank bases: what a published rank ranks.
const (
	RankByGrowth = "growth"
	RankByValue  = "value"
)

// PublishedRank is a rank printed in a bulletin (排名 / 位次) for a region, indicator and period,
// kept beside the rank Pacer computes. Every revision is kept; Current marks the one in force.
type PublishedRank struct {
	RegionCode    string
	IndicatorCode string
	Period        string // YYYY-MM
	By            string // RankByGrowth | RankByValue
	Rank          int
	Source        string
	Revision      int
	Current       bool
	RecordedAt    time.Time
	RecordedBy    string
	BatchID       int64
}

// PublishedRankQuery selects published ranks; empty fields do not filter. Only current
// revisions unless AllRevisions.
type PublishedRankQuery struct {
	Regions      []string
	Indicators   []string
	Periods      []string
	AllRevisions bool
}

// PublishedRanks returns the published ranks q selects, ordered by region, indicator, period,
// basis and revision.
func (s *Store) PublishedRanks(ctx context.Context, q PublishedRankQuery) ([]PublishedRank, error) {
	var where []string
	var args []any
	if !q.AllRevisions {
		where = append(where, "is_current")
	}
	for _, f := range []struct {
		col  string
		vals []string
	}{{"region_code", q.Regions}, {"indicator_code", q.Indicators}, {"period", q.Periods}} {
		if len(f.vals) > 0 {
			where = append(where, f.col+" IN ("+placeholders(&args, f.vals)+")")
		}
	}
	query := `SELECT region_code, indicator_code, period, basis, rank, source, revision, is_current, recorded_at,
		recorded_by, COALESCE(batch_id, 0) FROM published_ranks`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.rd(ctx).QueryContext(ctx, query+" ORDER BY region_code, indicator_code, period, basis, revision", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PublishedRank
	for rows.Next() {
		var r PublishedRank
		if err := rows.Scan(&r.RegionCode, &r.IndicatorCode, &r.Period, &r.By, &r.Rank, &r.Source, &r.Revision,
			&r.Current, &r.RecordedAt, &r.RecordedBy, &r.BatchID); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

type rankKey struct{ region, indicator, period, by string }

type rankPlan struct {
	counts  Counts
	fresh   []PublishedRank
	revised []PublishedRank
	old     map[rankKey]currentRank
}

type currentRank struct{ rank, revision int }

// planPublishedRanks classifies ranks against the current ones as ApplyBatch writes them: new,
// revised (a different rank) or unchanged.
func planPublishedRanks(ctx context.Context, q querier, ranks []PublishedRank) (*rankPlan, error) {
	p := &rankPlan{old: map[rankKey]currentRank{}}
	if len(ranks) == 0 {
		return p, nil
	}
	periods, inds := map[string]bool{}, map[string]bool{}
	for _, r := range ranks {
		periods[r.Period], inds[r.IndicatorCode] = true, true
	}
	var args []any
	rows, err := q.QueryContext(ctx, `SELECT region_code, indicator_code, period, basis, rank, revision FROM published_ranks
		WHERE is_current AND period IN (`+placeholders(&args, sortedKeys(periods))+`) AND indicator_code IN (`+
		placeholders(&args, sortedKeys(inds))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k rankKey
		var c currentRank
		if err := rows.Scan(&k.region, &k.indicator, &k.period, &k.by, &c.rank, &c.revision); err != nil {
			return nil, err
		}
		p.old[k] = c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, r := range ranks {
		if r.By != RankByGrowth && r.By != RankByValue {
			return nil, fmt.Errorf("published rank %s/%s/%s: unknown basis %q", r.RegionCode, r.IndicatorCode, r.Period, r.By)
		}
		cur, ok := p.old[rankKey{r.RegionCode, r.IndicatorCode, r.Period, r.By}]
		switch {
		case !ok:
			r.Revision = 1
			p.fresh = append(p.fresh, r)
			p.counts.New++
		case cur.rank == r.Rank:
			p.counts.Unchanged++
		default:
			r.Revision = cur.revision + 1
			p.revised = append(p.revised, r)
			p.counts.Revised++
		}
	}
	return p, nil
}

func (p *rankPlan) write(ctx context.Context, ins inserter, a auditor, batchID int64) error {
	for _, r := range p.revised {
		if _, err := ins.tx.ExecContext(ctx, `UPDATE published_ranks SET is_current = FALSE
			WHERE region_code = $1 AND indicator_code = $2 AND period = $3 AND basis = $4 AND is_current`,
			r.RegionCode, r.IndicatorCode, r.Period, r.By); err != nil {
			return fmt.Errorf("supersede published rank: %w", err)
		}
		cur := p.old[rankKey{r.RegionCode, r.IndicatorCode, r.Period, r.By}]
		if err := a.log("published_rank.revise", fmt.Sprintf("published_rank:%s/%s/%s/%s", r.RegionCode, r.IndicatorCode, r.Period, r.By),
			fmt.Sprint(cur.rank), fmt.Sprint(r.Rank)); err != nil {
			return err
		}
	}
	all := append(p.fresh, p.revised...)
	rows := make([][]any, len(all))
	for i, r := range all {
		rows[i] = []any{r.RegionCode, r.IndicatorCode, r.Period, r.By, r.Rank, r.Source, r.Revision, true, a.at, a.actor, batchID}
	}
	return ins.insert(ctx, "published_ranks", []string{"region_code", "indicator_code", "period", "basis", "rank",
		"source", "revision", "is_current", "recorded_at", "recorded_by", "batch_id"}, rows)
}

// querier is what planning reads through: a write transaction in ApplyBatch, a read-only one
// in PlanBatch.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func sortedKeys(m map[string]bool) []string {
	out := keys(m)
	sort.Strings(out)
	return out
}
