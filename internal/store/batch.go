package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"pacer/internal/domain"
)

// Batch is everything one import (or the demo loader) writes. ApplyBatch writes it in one
// transaction, or nothing.
type Batch struct {
	Actor        string // who: a user name, or "cli:<os user>"
	SourceIP     string
	Source       string // what it came from, e.g. the file names
	Regions      []domain.Region
	Units        []domain.Unit
	Indicators   []domain.Indicator
	Targets      []domain.Target
	Observations []domain.Observation
	// Figures are more observations, held compactly (a long import's millions), each key once
	// (as an import checks): written as Observations are, after them.
	Figures     *Figures
	FocusPoints []domain.FocusPoint // added to the goal tree (never replacing what is there)
	// Assignments are indicators units report (a units file, an indicator's owner_unit), added
	// to what each already reports.
	Assignments []Assignment
	// PublishedRanks are ranks printed in a bulletin, kept beside the computed ones (mappings.go).
	PublishedRanks []PublishedRank
}

// Counts says how many records of one kind a batch added, revised or found unchanged.
type Counts struct {
	New, Revised, Unchanged int
}

func (c Counts) changed() bool { return c.New+c.Revised > 0 }

// BatchResult reports what ApplyBatch did. BatchID is 0 when nothing changed (nothing is written,
// not even a batch record).
type BatchResult struct {
	BatchID      int64
	Indicators   Counts
	Targets      Counts
	Observations Counts
	// PublishedRanks counts the batch's published ranks.
	PublishedRanks Counts
	// Units and Assignments count the units added and the indicators units newly report.
	Units, Assignments int
	// GrowthDropped lists the revisions that leave growth blank where the figure they replace had
	// a published growth: the growth is dropped with the revision (importers warn about it).
	GrowthDropped []GrowthDrop
}

// GrowthDrop is a revision that drops a published growth: the figure's key and the growth it had.
type GrowthDrop struct {
	RegionCode, IndicatorCode, Period string
	Growth                            float64
}

// growthDropped lists the revisions of p that leave growth blank over a stored growth.
func (p *obsPlan) growthDropped() []GrowthDrop {
	var out []GrowthDrop
	for _, i := range p.revised {
		o := p.obs.At(int(i))
		if cur, _ := p.current(int(i)); o.Growth == nil && cur.growth != nil {
			out = append(out, GrowthDrop{o.RegionCode, o.IndicatorCode, o.Period, *cur.growth})
		}
	}
	return out
}

type obsKey struct{ region, indicator, period string }
type targetKey struct {
	region, indicator string
	year              int
	tier              domain.Tier
}
type current struct {
	value, growth *float64
	revision      int
}

// ApplyBatch writes b in one transaction: new records as revision 1, changed figures as a new
// revision (the old one kept, no longer current), unchanged ones not at all; an audit row for the
// batch and one for every revised figure or changed definition.
func (s *Store) ApplyBatch(ctx context.Context, b Batch) (BatchResult, error) {
	var res BatchResult
	err := s.inConnTx(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		now := s.now()
		ins := inserter{tx: tx, dialect: s.dialect, conn: conn}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: b.Actor, ip: b.SourceIP}
		added, err := insertRegions(ctx, tx, b.Regions)
		if err != nil {
			return err
		}
		for _, u := range b.Units {
			r, err := tx.ExecContext(ctx, `INSERT INTO units (code, name, region_code, kind) VALUES ($1, $2, $3, $4)
				ON CONFLICT (code) DO NOTHING`, u.Code, u.Name, u.RegionCode, u.Kind)
			if err != nil {
				return fmt.Errorf("insert unit %s: %w", u.Code, err)
			}
			if n, _ := r.RowsAffected(); n > 0 {
				added += n
				res.Units++
				if err := a.log("unit.create", "unit:"+u.Code, "", u.Name); err != nil {
					return err
				}
			}
		}
		if res.Indicators, err = applyIndicators(ctx, tx, a, b.Indicators); err != nil {
			return err
		}
		for _, x := range b.Assignments {
			r, err := tx.ExecContext(ctx, `INSERT INTO unit_indicators (unit_code, indicator_code, region_code) VALUES ($1, $2, $3)
				ON CONFLICT DO NOTHING`, x.UnitCode, x.IndicatorCode, x.RegionCode)
			if err != nil {
				return fmt.Errorf("assign %s to %s: %w", x.IndicatorCode, x.UnitCode, err)
			}
			if n, _ := r.RowsAffected(); n > 0 {
				added += n
				res.Assignments++
				if err := a.log("unit_indicator.create", "unit:"+x.UnitCode, "", x.IndicatorCode+"@"+x.RegionCode); err != nil {
					return err
				}
			}
		}
		if err := addFocusPoints(ctx, tx, a, b.FocusPoints); err != nil {
			return err
		}
		obsPlan, err := planObservations(ctx, tx, b.observations())
		if err != nil {
			return err
		}
		targetPlan, err := planTargets(ctx, tx, b.Targets)
		if err != nil {
			return err
		}
		rankPlan, err := planPublishedRanks(ctx, tx, b.PublishedRanks)
		if err != nil {
			return err
		}
		res.Observations, res.Targets, res.PublishedRanks = obsPlan.counts, targetPlan.counts, rankPlan.counts
		res.GrowthDropped = obsPlan.growthDropped()
		if !res.Observations.changed() && !res.Targets.changed() && !res.Indicators.changed() &&
			!res.PublishedRanks.changed() && added == 0 && len(b.FocusPoints) == 0 {
			return errNothingChanged
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO import_batches (recorded_at, actor, source, new_rows, revised_rows, unchanged)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, a.at, b.Actor, b.Source,
			res.Observations.New+res.Targets.New, res.Observations.Revised+res.Targets.Revised,
			res.Observations.Unchanged+res.Targets.Unchanged).Scan(&res.BatchID); err != nil {
			return fmt.Errorf("insert import batch: %w", err)
		}
		if err := obsPlan.write(ctx, ins, a, res.BatchID); err != nil {
			return err
		}
		if err := targetPlan.write(ctx, ins, a, res.BatchID); err != nil {
			return err
		}
		if err := rankPlan.write(ctx, ins, a, res.BatchID); err != nil {
			return err
		}
		return a.log("import", "batch:"+strconv.FormatInt(res.BatchID, 10), "", fmt.Sprintf(
			"source=%s observations new=%d revised=%d unchanged=%d; targets new=%d revised=%d unchanged=%d; indicators new=%d revised=%d",
			b.Source, res.Observations.New, res.Observations.Revised, res.Observations.Unchanged,
			res.Targets.New, res.Targets.Revised, res.Targets.Unchanged, res.Indicators.New, res.Indicators.Revised))
	})
	if err == errNothingChanged {
		return BatchResult{Indicators: res.Indicators, Targets: res.Targets, Observations: res.Observations, PublishedRanks: res.PublishedRanks}, nil
	}
	return res, err
}

var errNothingChanged = fmt.Errorf("nothing changed")

func applyIndicators(ctx context.Context, tx *sql.Tx, a auditor, inds []domain.Indicator) (Counts, error) {
	var c Counts
	for _, ind := range inds {
		plan, err := planIndicator(ctx, tx, ind)
		if err != nil {
			return c, err
		}
		switch plan.State {
		case StateNew:
			if _, err := tx.ExecContext(ctx, `INSERT INTO indicators
				(code, name, name_en, unit, kind, direction, precision, mode, tolerance, growth_tolerance, owner_unit, built_in, comparable_price, frequency)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, FALSE, $12, $13)`,
				ind.Code, ind.Name, ind.NameEN, ind.Unit, ind.Kind, ind.Direction, ind.Precision, ind.Mode,
				ind.Tolerance, ind.GrowthTolerance, ind.OwnerUnit, ind.ComparablePrice, frequency(ind)); err != nil {
				return c, fmt.Errorf("insert indicator %s: %w", ind.Code, err)
			}
			c.New++
			if err := a.log("indicator.create", "indicator:"+ind.Code, "", describeIndicator(ind)); err != nil {
				return c, err
			}
		case StateUnchanged:
			c.Unchanged++
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE indicators SET name = $2, name_en = $3, unit = $4, kind = $5,
				direction = $6, precision = $7, mode = $8, tolerance = $9, growth_tolerance = $10, owner_unit = $11,
				comparable_price = $12, frequency = $13 WHERE code = $1`, ind.Code, ind.Name, ind.NameEN, ind.Unit, ind.Kind, ind.Direction, ind.Precision,
				ind.Mode, ind.Tolerance, ind.GrowthTolerance, ind.OwnerUnit, ind.ComparablePrice, frequency(ind)); err != nil {
				return c, fmt.Errorf("update indicator %s: %w", ind.Code, err)
			}
			c.Revised++
			if err := a.log("indicator.update", "indicator:"+ind.Code, describeIndicator(*plan.Old), describeIndicator(ind)); err != nil {
				return c, err
			}
		}
	}
	return c, nil
}

// planIndicator says what writing ind would do: new, unchanged (the same definition), or a
// revision of the definition in Old.
func planIndicator(ctx context.Context, tx *sql.Tx, ind domain.Indicator) (IndicatorPlan, error) {
	old, err := scanIndicator(tx.QueryRowContext(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE code = $1`, ind.Code))
	switch {
	case err == sql.ErrNoRows:
		return IndicatorPlan{State: StateNew}, nil
	case err != nil:
		return IndicatorPlan{}, err
	}
	plan := IndicatorPlan{State: StateRevises, Old: &old}
	ind.BuiltIn = old.BuiltIn
	if describeIndicator(old) == describeIndicator(ind) {
		plan.State = StateUnchanged
	}
	return plan, nil
}

func describeIndicator(i domain.Indicator) string {
	return fmt.Sprintf("name=%s name_en=%s unit=%s kind=%s direction=%s precision=%d mode=%s tolerance=%g growth_tolerance=%g owner=%s comparable_price=%t frequency=%s",
		i.Name, i.NameEN, i.Unit, i.Kind, i.Direction, i.Precision, i.Mode, i.Tolerance, i.GrowthTolerance, i.OwnerUnit, i.ComparablePrice, frequency(i))
}

// obsPlan is what writing a batch's observations does. It holds the batch's observations and
// indexes into them, never copies: at national scale (millions of figures in one import) a copy
// was another 200 bytes a figure held to the commit.
type obsPlan struct {
	counts  Counts
	obs     observations // the batch's
	fresh   []int32      // indexes in obs of the new figures (revision 1)
	revised []int32      // indexes in obs of the figures superseding the current one
	// old holds the current figure of each key of the batch that has one; its strings are the
	// batch's own (one copy of each code and period, however many figures share it). A batch of
	// Figures only has them in oldAt instead, by figure: 24 bytes a figure, not a map entry of 100.
	old   map[obsKey]current
	oldAt []storedFigure
}

// storedFigure is the current figure of a key: its value and growth (when hasValue, hasGrowth)
// and revision (0: none).
type storedFigure struct {
	value, growth float64
	revision      int32
	flags         uint8
}

// current returns the current figure of the i-th observation's key, and whether it has one.
func (p *obsPlan) current(i int) (current, bool) {
	if p.oldAt == nil {
		o := p.obs.At(i)
		cur, ok := p.old[obsKey{o.RegionCode, o.IndicatorCode, o.Period}]
		return cur, ok
	}
	s := &p.oldAt[i]
	if s.revision == 0 {
		return current{}, false
	}
	cur := current{revision: int(s.revision)}
	if s.flags&hasValue != 0 {
		cur.value = &s.value
	}
	if s.flags&hasGrowth != 0 {
		cur.growth = &s.growth
	}
	return cur, true
}

// revision is the revision the i-th observation of the batch is written as.
func (p *obsPlan) revision(i int32) int {
	if cur, ok := p.current(int(i)); ok {
		return cur.revision + 1
	}
	return 1
}

func planObservations(ctx context.Context, tx *sql.Tx, obs observations) (*obsPlan, error) {
	p := &obsPlan{obs: obs, old: map[obsKey]current{}}
	if obs.Len() == 0 {
		return p, nil
	}
	// Each set maps a code or period to the batch's own string, so that the keys of old share them.
	periods, inds, regions := map[string]string{}, map[string]string{}, map[string]string{}
	for i := range obs.Len() {
		o := obs.At(i)
		periods[o.Period], inds[o.IndicatorCode], regions[o.RegionCode] = o.Period, o.IndicatorCode, o.RegionCode
	}
	args := []any{}
	q := `SELECT region_code, indicator_code, period, value, growth, revision FROM observations WHERE is_current AND period IN (` +
		placeholders(&args, values(periods)) + `) AND indicator_code IN (` + placeholders(&args, values(inds)) + `)`
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var region, ind, period sql.RawBytes
	for rows.Next() {
		var v, g sql.NullFloat64
		var rev int
		if err := rows.Scan(&region, &ind, &period, &v, &g, &rev); err != nil {
			return nil, err
		}
		// Only the batch's regions matter: the figures of other regions in the same periods (the
		// rest of the country, in a national import made in steps) are not kept.
		k := obsKey{regions[string(region)], inds[string(ind)], periods[string(period)]}
		if k.region == "" || k.indicator == "" || k.period == "" {
			continue
		}
		if len(obs.list) == 0 {
			i, ok := obs.figs.Find(k.region, k.indicator, k.period)
			if !ok {
				continue
			}
			if p.oldAt == nil {
				p.oldAt = make([]storedFigure, obs.Len())
			}
			s := storedFigure{value: v.Float64, growth: g.Float64, revision: int32(rev)}
			if v.Valid {
				s.flags |= hasValue
			}
			if g.Valid {
				s.flags |= hasGrowth
			}
			p.oldAt[i] = s
			continue
		}
		p.old[k] = current{floatPtr(v), floatPtr(g), rev}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range obs.Len() {
		o := obs.At(i)
		cur, ok := p.current(i)
		switch {
		case !ok:
			p.fresh = append(p.fresh, int32(i))
			p.counts.New++
		case domain.SameFigure(cur.value, o.Value) && domain.SameFigure(cur.growth, o.Growth):
			p.counts.Unchanged++
		default:
			p.revised = append(p.revised, int32(i))
			p.counts.Revised++
		}
	}
	return p, nil
}

func (p *obsPlan) write(ctx context.Context, ins inserter, a auditor, batchID int64) error {
	tx := ins.tx
	for _, i := range p.revised {
		o := p.obs.At(int(i))
		if _, err := tx.ExecContext(ctx, `UPDATE observations SET is_current = FALSE
			WHERE region_code = $1 AND indicator_code = $2 AND period = $3 AND is_current`,
			o.RegionCode, o.IndicatorCode, o.Period); err != nil {
			return fmt.Errorf("supersede observation: %w", err)
		}
		cur, _ := p.current(int(i))
		if err := a.log("observation.revise", fmt.Sprintf("observation:%s/%s/%s", o.RegionCode, o.IndicatorCode, o.Period),
			describeFigure(cur.value, cur.growth), describeFigure(o.Value, o.Growth)); err != nil {
			return err
		}
	}
	// Rows are made as they are written, not all first: at national scale (millions of figures in
	// one import) that was a second copy of every figure, as database arguments, held to the end.
	n := len(p.fresh) + len(p.revised)
	return ins.insertEach(ctx, "observations", []string{"region_code", "indicator_code", "period", "value", "growth",
		"source", "note", "sample", "revision", "is_current", "recorded_at", "recorded_by", "approved_by", "approved_at", "batch_id"}, n,
		func(i int) []any {
			var at int32
			if i < len(p.fresh) {
				at = p.fresh[i]
			} else {
				at = p.revised[i-len(p.fresh)]
			}
			o := p.obs.At(int(at))
			by := o.RecordedBy
			if by == "" {
				by = a.actor
			}
			return []any{o.RegionCode, o.IndicatorCode, o.Period, nullFloat(o.Value), nullFloat(o.Growth), o.Source, o.Note,
				o.Sample, p.revision(at), true, a.at, by, o.ApprovedBy, ins.dialect.nullStamp(o.ApprovedAt), batchID}
		})
}

type targetPlan struct {
	counts  Counts
	fresh   []domain.Target
	revised []domain.Target
	old     map[targetKey]current
}

func planTargets(ctx context.Context, tx *sql.Tx, ts []domain.Target) (*targetPlan, error) {
	p := &targetPlan{old: map[targetKey]current{}}
	if len(ts) == 0 {
		return p, nil
	}
	years := map[int]bool{}
	var args []any
	var ph []string
	for _, t := range ts {
		if !years[t.Year] {
			years[t.Year] = true
			args = append(args, t.Year)
			ph = append(ph, fmt.Sprintf("$%d", len(args)))
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT region_code, indicator_code, year, tier, value, growth, revision FROM targets
		WHERE is_current AND year IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k targetKey
		var tier string
		var v, g sql.NullFloat64
		var rev int
		if err := rows.Scan(&k.region, &k.indicator, &k.year, &tier, &v, &g, &rev); err != nil {
			return nil, err
		}
		k.tier = domain.Tier(tier)
		p.old[k] = current{floatPtr(v), floatPtr(g), rev}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, t := range ts {
		cur, ok := p.old[targetKey{t.RegionCode, t.IndicatorCode, t.Year, t.Tier}]
		switch {
		case !ok:
			t.Revision = 1
			p.fresh = append(p.fresh, t)
			p.counts.New++
		case domain.SameFigure(cur.value, t.Value) && domain.SameFigure(cur.growth, t.Growth):
			p.counts.Unchanged++
		default:
			t.Revision = cur.revision + 1
			p.revised = append(p.revised, t)
			p.counts.Revised++
		}
	}
	return p, nil
}

func (p *targetPlan) write(ctx context.Context, ins inserter, a auditor, batchID int64) error {
	tx := ins.tx
	for _, t := range p.revised {
		if _, err := tx.ExecContext(ctx, `UPDATE targets SET is_current = FALSE
			WHERE region_code = $1 AND indicator_code = $2 AND year = $3 AND tier = $4 AND is_current`,
			t.RegionCode, t.IndicatorCode, t.Year, t.Tier); err != nil {
			return fmt.Errorf("supersede target: %w", err)
		}
	}
	all := append(p.fresh, p.revised...)
	rows := make([][]any, len(all))
	for i, t := range all {
		cur, had := p.old[targetKey{t.RegionCode, t.IndicatorCode, t.Year, t.Tier}]
		old := ""
		if had {
			old = describeFigure(cur.value, cur.growth)
		}
		action := "target.create"
		if had {
			action = "target.revise"
		}
		if err := a.log(action, fmt.Sprintf("target:%s/%s/%d/%s", t.RegionCode, t.IndicatorCode, t.Year, t.Tier),
			old, describeFigure(t.Value, t.Growth)); err != nil {
			return err
		}
		rows[i] = []any{t.RegionCode, t.IndicatorCode, t.Year, string(t.Tier), nullFloat(t.Value), nullFloat(t.Growth),
			t.Source, t.Sample, t.Revision, true, a.at, a.actor, batchID}
	}
	return ins.insert(ctx, "targets", []string{"region_code", "indicator_code", "year", "tier", "value", "growth",
		"source", "sample", "revision", "is_current", "recorded_at", "recorded_by", "batch_id"}, rows)
}

func describeFigure(v, g *float64) string {
	f := func(p *float64) string {
		if p == nil {
			return "null"
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	return "value=" + f(v) + " growth=" + f(g)
}

// inserter writes many rows inside a transaction.
type inserter struct {
	tx      *sql.Tx
	dialect Dialect
	conn    *sql.Conn // the connection tx runs on
}

// copyThreshold is the row count from which PostgreSQL gets COPY instead of INSERT.
const copyThreshold = 2000

// insert inserts rows: on PostgreSQL with COPY when there are many (the transaction's own
// connection, so it commits or rolls back with the rest), otherwise with multi-row VALUES
// statements a few hundred rows at a time (under both databases' limits on bound parameters).
func (ins inserter) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	return ins.insertEach(ctx, table, cols, len(rows), func(i int) []any { return rows[i] })
}

// insertEach is insert with the rows made one at a time by row(0) … row(n-1), each written
// before the next few are made.
func (ins inserter) insertEach(ctx context.Context, table string, cols []string, n int, row func(i int) []any) error {
	if n == 0 {
		return nil
	}
	if ins.dialect == Postgres && n >= copyThreshold {
		return ins.conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("copy into %s: unexpected driver connection %T", table, dc)
			}
			i := 0
			src := pgx.CopyFromFunc(func() ([]any, error) {
				if i == n {
					return nil, nil
				}
				i++
				return row(i - 1), nil
			})
			if _, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, src); err != nil {
				return fmt.Errorf("copy into %s: %w", table, err)
			}
			return nil
		})
	}
	tx, d := ins.tx, ins.dialect
	per := 8000 / len(cols)
	var stmt *sql.Stmt
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	args := make([]any, 0, per*len(cols))
	for start := 0; start < n; start += per {
		end := min(start+per, n)
		q := valuesSQL(d, table, cols, end-start)
		args = args[:0]
		for i := start; i < end; i++ {
			args = append(args, row(i)...)
		}
		if end-start == per {
			if stmt == nil {
				var err error
				if stmt, err = tx.PrepareContext(ctx, q); err != nil {
					return fmt.Errorf("insert into %s: %w", table, err)
				}
			}
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("insert into %s: %w", table, err)
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}

// valuesSQL writes a multi-row INSERT. SQLite gets anonymous ? parameters: with numbered ones
// ($N) it looks each name up by a linear scan, which made a 600-row statement quadratic (23 s
// for 100,000 rows against 1.9 s with ?).
func valuesSQL(d Dialect, table string, cols []string, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range cols {
			if j > 0 {
				b.WriteString(", ")
			}
			if d == SQLite {
				b.WriteByte('?')
			} else {
				fmt.Fprintf(&b, "$%d", i*len(cols)+j+1)
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

func placeholders(args *[]any, vals []string) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		*args = append(*args, v)
		ph[i] = fmt.Sprintf("$%d", len(*args))
	}
	return strings.Join(ph, ", ")
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// values lists the values of m.
func values(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
