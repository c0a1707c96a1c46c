package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"pacer/internal/domain"
)

// Register figures are kept in their own table beside the bureau's observations, so that every
// query of observations (imports, review, bulletins, exports) reads exactly what it read before;
// the scorecard merges the two by each indicator's figure basis.

// RecordRegisterFigures writes figures derived from a register in one transaction: a new key as
// revision 1, a changed value, growth or 示例 mark as a new revision (the old one kept, no longer current),
// an unchanged one not at all. As for an import of observations, the audit log gets one row for
// the call (what it added, revised, left) and one for every revision. The keys (region,
// indicator, period) must be distinct.
func (s *Store) RecordRegisterFigures(ctx context.Context, by Who, figs []domain.RegisterFigure) (Counts, error) {
	var c Counts
	err := s.inConnTx(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		var err error
		c, err = recordRegisterFiguresTx(ctx, inserter{tx: tx, dialect: s.dialect, conn: conn}, a, figs)
		return err
	})
	return c, err
}

// recordRegisterFiguresTx is RecordRegisterFigures inside an open transaction: a register's own
// store write (its rows and the figures they sum to) may call it so that both commit or neither.
func recordRegisterFiguresTx(ctx context.Context, ins inserter, a auditor, figs []domain.RegisterFigure) (Counts, error) {
	var c Counts
	if len(figs) == 0 {
		return c, nil
	}
	tx := ins.tx
	periods, inds, regions, registers := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	seen := map[obsKey]bool{}
	for _, f := range figs {
		k := obsKey{f.Region, f.Indicator, f.Period}
		if seen[k] {
			return c, fmt.Errorf("record register figures: %s/%s/%s given twice", f.Region, f.Indicator, f.Period)
		}
		seen[k] = true
		periods[f.Period], inds[f.Indicator], regions[f.Region], registers[f.Register] = true, true, true, true
	}
	var args []any
	rows, err := tx.QueryContext(ctx, `SELECT region_code, indicator_code, period, value, growth, sample, revision FROM register_figures
		WHERE is_current AND period IN (`+placeholders(&args, keys(periods))+`) AND indicator_code IN (`+
		placeholders(&args, keys(inds))+`) AND region_code IN (`+placeholders(&args, keys(regions))+`)`, args...)
	if err != nil {
		return c, err
	}
	type held struct {
		current
		sample bool
	}
	old := map[obsKey]held{}
	for rows.Next() {
		var k obsKey
		var v, g sql.NullFloat64
		var rev int
		var sample bool
		if err := rows.Scan(&k.region, &k.indicator, &k.period, &v, &g, &sample, &rev); err != nil {
			rows.Close()
			return c, err
		}
		old[k] = held{current{floatPtr(v), floatPtr(g), rev}, sample}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, err
	}
	var write [][]any
	for _, f := range figs {
		k := obsKey{f.Region, f.Indicator, f.Period}
		v := f.Value
		cur, had := old[k]
		rev := 1
		switch {
		case had && domain.SameFigure(cur.value, &v) && domain.SameFigure(cur.growth, f.Growth) && cur.sample == f.Sample:
			c.Unchanged++
			continue
		case had:
			rev = cur.revision + 1
			if _, err := tx.ExecContext(ctx, `UPDATE register_figures SET is_current = FALSE
				WHERE region_code = $1 AND indicator_code = $2 AND period = $3 AND is_current`, f.Region, f.Indicator, f.Period); err != nil {
				return c, fmt.Errorf("supersede register figure: %w", err)
			}
			if err := a.log("register_figure.revise", fmt.Sprintf("register_figure:%s/%s/%s", f.Region, f.Indicator, f.Period),
				describeFigure(cur.value, cur.growth)+sampleMark(cur.sample), describeFigure(&v, f.Growth)+sampleMark(f.Sample)+" register="+f.Register); err != nil {
				return c, err
			}
			c.Revised++
		default:
			c.New++
		}
		write = append(write, []any{f.Region, f.Indicator, f.Period, f.Value, nullFloat(f.Growth), f.Register, f.Note,
			f.Sample, rev, true, a.at, a.actor})
	}
	if !c.changed() {
		return c, nil
	}
	if err := ins.insert(ctx, "register_figures", []string{"region_code", "indicator_code", "period", "value", "growth",
		"register", "note", "sample", "revision", "is_current", "recorded_at", "recorded_by"}, write); err != nil {
		return c, err
	}
	regs := keys(registers)
	sort.Strings(regs)
	return c, a.log("register_figures.record", "register:"+strings.Join(regs, ","), "",
		fmt.Sprintf("new=%d revised=%d unchanged=%d", c.New, c.Revised, c.Unchanged))
}

const registerFigureCols = `region_code, indicator_code, period, value, growth, register, note, sample, revision, is_current, recorded_at, recorded_by`

// sampleMark is what an audit row adds for a 示例 figure.
func sampleMark(sample bool) string {
	if sample {
		return " sample"
	}
	return ""
}

// RegisterFigures returns the register figures q selects (Brief is ignored), ordered by region,
// indicator, period, revision: only the current revisions unless q.AllRevisions.
func (s *Store) RegisterFigures(ctx context.Context, q ObservationQuery) ([]domain.RegisterFigure, error) {
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
	if q.From != "" {
		args = append(args, q.From)
		where = append(where, fmt.Sprintf("period >= $%d", len(args)))
	}
	if q.To != "" {
		args = append(args, q.To)
		where = append(where, fmt.Sprintf("period <= $%d", len(args)))
	}
	query := `SELECT ` + registerFigureCols + ` FROM register_figures`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.rd(ctx).QueryContext(ctx, query+" ORDER BY region_code, indicator_code, period, revision", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.RegisterFigure
	for rows.Next() {
		var f domain.RegisterFigure
		var g sql.NullFloat64
		if err := rows.Scan(&f.Region, &f.Indicator, &f.Period, &f.Value, &g, &f.Register, &f.Note, &f.Sample, &f.Revision,
			&f.Current, &f.RecordedAt, &f.RecordedBy); err != nil {
			return nil, err
		}
		f.Growth = floatPtr(g)
		out = append(out, f)
	}
	return out, rows.Err()
}

// FigureBases returns the indicators whose figure basis has been set, with it; an indicator not
// in the map counts the official figure.
func (s *Store) FigureBases(ctx context.Context) (map[string]domain.FigureBasis, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT indicator_code, basis FROM figure_bases`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]domain.FigureBasis{}
	for rows.Next() {
		var code, b string
		if err := rows.Scan(&code, &b); err != nil {
			return nil, err
		}
		out[code] = domain.FigureBasis(b)
	}
	return out, rows.Err()
}

// SetFigureBasis sets which figure of indicator counts, audited; the basis it already has writes
// nothing and reports false. An unknown indicator is ENOTFOUND.
func (s *Store) SetFigureBasis(ctx context.Context, by Who, indicator string, basis domain.FigureBasis) (bool, error) {
	changed := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := indicatorExists(ctx, tx, indicator); err != nil {
			return err
		}
		old := string(domain.BasisOfficial)
		err := tx.QueryRowContext(ctx, `SELECT basis FROM figure_bases WHERE indicator_code = $1`, indicator).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if old == string(basis) {
			return nil
		}
		now := s.dialect.stamp(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO figure_bases (indicator_code, basis, changed_by, changed_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (indicator_code) DO UPDATE SET basis = $2, changed_by = $3, changed_at = $4`,
			indicator, string(basis), by.Username, now); err != nil {
			return err
		}
		changed = true
		a := auditor{tx: tx, ctx: ctx, at: now, actor: by.Actor(), ip: by.IP}
		return a.log("indicator.figure_basis", "indicator:"+indicator, old, string(basis))
	})
	return changed, err
}

func indicatorExists(ctx context.Context, tx *sql.Tx, code string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicators WHERE code = $1`, code).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return domain.E(domain.ENOTFOUND, "err.indicator.unknown", code)
	}
	return nil
}

// RegisterSumLinks returns the indicators analysts have linked to a register sum, by indicator.
func (s *Store) RegisterSumLinks(ctx context.Context) ([]domain.RegisterSum, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT indicator_code, register, measure, filter FROM register_sums ORDER BY indicator_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.RegisterSum
	for rows.Next() {
		var l domain.RegisterSum
		if err := rows.Scan(&l.Indicator, &l.Register, &l.Measure, &l.Filter); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// LinkRegisterSum links an indicator to a register sum, replacing its link if it has one;
// audited, and nothing written when the link is already the same. An unknown indicator is
// ENOTFOUND.
func (s *Store) LinkRegisterSum(ctx context.Context, by Who, l domain.RegisterSum) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := indicatorExists(ctx, tx, l.Indicator); err != nil {
			return err
		}
		describe := func(l domain.RegisterSum) string {
			return "register=" + l.Register + " measure=" + l.Measure + " filter=" + l.Filter
		}
		var o domain.RegisterSum
		err := tx.QueryRowContext(ctx, `SELECT register, measure, filter FROM register_sums WHERE indicator_code = $1`,
			l.Indicator).Scan(&o.Register, &o.Measure, &o.Filter)
		old := ""
		switch {
		case err == nil:
			old = describe(o)
			if old == describe(l) {
				return nil
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		now := s.dialect.stamp(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO register_sums (indicator_code, register, measure, filter, changed_by, changed_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (indicator_code) DO UPDATE SET register = $2, measure = $3, filter = $4,
			changed_by = $5, changed_at = $6`, l.Indicator, l.Register, l.Measure, l.Filter, by.Username, now); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: now, actor: by.Actor(), ip: by.IP}
		return a.log("indicator.register_sum.link", "indicator:"+l.Indicator, old, describe(l))
	})
}

// UnlinkRegisterSum removes an indicator's link to a register sum, audited (ENOTFOUND when it has
// none). The figures already recorded stay.
func (s *Store) UnlinkRegisterSum(ctx context.Context, by Who, indicator string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var o domain.RegisterSum
		err := tx.QueryRowContext(ctx, `SELECT register, measure, filter FROM register_sums WHERE indicator_code = $1`,
			indicator).Scan(&o.Register, &o.Measure, &o.Filter)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.E(domain.ENOTFOUND, "figures.no_link", indicator)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM register_sums WHERE indicator_code = $1`, indicator); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("indicator.register_sum.unlink", "indicator:"+indicator,
			"register="+o.Register+" measure="+o.Measure+" filter="+o.Filter, "")
	})
}
