package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"pacer/internal/domain"
)

func enterpriseBody(e domain.Enterprise) string {
	e.Revision = 0
	b, _ := json.Marshal(e)
	return string(b)
}

// SaveEnterprises writes enterprises in one audited transaction, as SaveLeads does leads: a new
// credit code added, a changed firm revised (earlier revisions kept), an identical one left.
func (s *Store) SaveEnterprises(ctx context.Context, by Who, es []domain.Enterprise) (RegisterCounts, error) {
	var res RegisterCounts
	err := s.inConnTx(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		return s.saveEnterprises(ctx, conn, tx, by, es, &res)
	})
	return res, err
}

// saveEnterprises is SaveEnterprises within tx, adding to res.
func (s *Store) saveEnterprises(ctx context.Context, conn *sql.Conn, tx *sql.Tx, by Who, es []domain.Enterprise, res *RegisterCounts) error {
	now := s.dialect.stamp(s.now())
	ins := inserter{tx: tx, dialect: s.dialect, conn: conn}
	codes := make([]string, len(es))
	for i, e := range es {
		codes[i] = e.CreditCode
	}
	cur, err := currentBodies(ctx, tx, `SELECT e.credit_code, e.revision, r.body FROM enterprises e JOIN enterprise_revisions r
		ON r.credit_code = e.credit_code AND r.revision = e.revision`, "e.credit_code", codes)
	if err != nil {
		return err
	}
	var rows, titleRows, revRows, auditRows [][]any
	for _, e := range es {
		body := enterpriseBody(e)
		old, exists := cur[e.CreditCode]
		switch {
		case exists && old.body == body:
			res.Unchanged++
			continue
		case exists:
			res.Revised++
			e.Revision = old.revision + 1
			if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET name = $2, region_code = $3, industry = $4, above_scale_date = $5,
				output = $6, tax = $7, sample = $8, revision = $9, changed_by = $10, changed_at = $11 WHERE credit_code = $1`,
				e.CreditCode, e.Name, e.RegionCode, e.Industry, e.AboveScaleDate, e.Output, e.Tax, e.Sample, e.Revision, by.Username, now); err != nil {
				return fmt.Errorf("update enterprise %s: %w", e.CreditCode, err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM enterprise_titles WHERE credit_code = $1`, e.CreditCode); err != nil {
				return err
			}
			auditRows = append(auditRows, []any{now, by.Actor(), by.IP, "enterprise.update", "enterprise:" + e.CreditCode, old.body, body, "ok"})
		default:
			res.New++
			e.Revision = 1
			rows = append(rows, []any{e.CreditCode, e.Name, e.RegionCode, e.Industry, e.AboveScaleDate, e.Output, e.Tax, e.Sample,
				e.Revision, by.Username, now})
			auditRows = append(auditRows, []any{now, by.Actor(), by.IP, "enterprise.create", "enterprise:" + e.CreditCode, "", body, "ok"})
		}
		cur[e.CreditCode] = regCurrent{revision: e.Revision, body: body}
		for _, t := range e.Titles {
			titleRows = append(titleRows, []any{e.CreditCode, t.Title, t.Applied, t.Granted})
		}
		revRows = append(revRows, []any{e.CreditCode, e.Revision, body, by.Username, now})
	}
	if err := ins.insert(ctx, "enterprises", []string{"credit_code", "name", "region_code", "industry", "above_scale_date",
		"output", "tax", "sample", "revision", "changed_by", "changed_at"}, rows); err != nil {
		return err
	}
	if err := ins.insert(ctx, "enterprise_titles", []string{"credit_code", "title", "applied_on", "granted_on"}, titleRows); err != nil {
		return err
	}
	if err := ins.insert(ctx, "enterprise_revisions", []string{"credit_code", "revision", "body", "recorded_by", "recorded_at"}, revRows); err != nil {
		return err
	}
	return ins.insert(ctx, "audit_log", auditColumns, auditRows)
}

const enterpriseColumns = `e.credit_code, e.name, e.region_code, e.industry, e.above_scale_date, e.output, e.tax, e.sample, e.revision`

func scanEnterprise(sc interface{ Scan(...any) error }) (domain.Enterprise, error) {
	var e domain.Enterprise
	var out, tax sql.NullFloat64
	err := sc.Scan(&e.CreditCode, &e.Name, &e.RegionCode, &e.Industry, &e.AboveScaleDate, &out, &tax, &e.Sample, &e.Revision)
	if out.Valid {
		e.Output = domain.F(out.Float64)
	}
	if tax.Valid {
		e.Tax = domain.F(tax.Float64)
	}
	return e, err
}

// Enterprise returns the enterprise with the given credit code, with its titles.
func (s *Store) Enterprise(ctx context.Context, code string) (domain.Enterprise, error) {
	e, err := scanEnterprise(s.rd(ctx).QueryRowContext(ctx, `SELECT `+enterpriseColumns+` FROM enterprises e WHERE e.credit_code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return e, domain.E(domain.ENOTFOUND, "enterprises.unknown", code)
	}
	if err != nil {
		return e, err
	}
	es := []domain.Enterprise{e}
	return es[0], s.attachTitles(ctx, es, `credit_code = $1`, code)
}

// Enterprises returns the enterprises whose region code starts with prefix ("" all), by credit
// code, with their titles.
func (s *Store) Enterprises(ctx context.Context, prefix string) ([]domain.Enterprise, error) {
	var args []any
	where := prefixRange("e.region_code", prefix, &args)
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT `+enterpriseColumns+` FROM enterprises e WHERE `+where+` ORDER BY e.credit_code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Enterprise
	for rows.Next() {
		e, err := scanEnterprise(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return out, s.attachTitles(ctx, out, `credit_code IN (SELECT e.credit_code FROM enterprises e WHERE `+where+`)`, args...)
}

func (s *Store) attachTitles(ctx context.Context, es []domain.Enterprise, where string, args ...any) error {
	if len(es) == 0 {
		return nil
	}
	at := make(map[string]int, len(es))
	for i := range es {
		at[es[i].CreditCode] = i
	}
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT credit_code, title, applied_on, granted_on FROM enterprise_titles WHERE `+where+` ORDER BY credit_code, title`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var t domain.EnterpriseTitle
		if err := rows.Scan(&code, &t.Title, &t.Applied, &t.Granted); err != nil {
			return err
		}
		if i, ok := at[code]; ok {
			es[i].Titles = append(es[i].Titles, t)
		}
	}
	for i := range es {
		domain.SortTitles(es[i].Titles)
	}
	return rows.Err()
}

// EnterpriseRevisions returns every revision of an enterprise, oldest first.
func (s *Store) EnterpriseRevisions(ctx context.Context, code string) ([]RegisterRevision, error) {
	return s.revisions(ctx, `SELECT revision, body, recorded_by, recorded_at FROM enterprise_revisions WHERE credit_code = $1 ORDER BY revision`, code)
}

// SetEnterpriseGoal sets a region's yearly goal for a measure of the cultivation funnel
// (applications, approvals), audited.
func (s *Store) SetEnterpriseGoal(ctx context.Context, by Who, region string, year int, measure string, value float64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var old sql.NullFloat64
		err := tx.QueryRowContext(ctx, `SELECT value FROM enterprise_goals WHERE region_code = $1 AND year = $2 AND measure = $3`,
			region, year, measure).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if old.Valid && old.Float64 == value {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO enterprise_goals (region_code, year, measure, value) VALUES ($1, $2, $3, $4)
			ON CONFLICT (region_code, year, measure) DO UPDATE SET value = $4`, region, year, measure, value); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		oldText := ""
		if old.Valid {
			oldText = fmt.Sprint(old.Float64)
		}
		return a.log("enterprise_goal.set", fmt.Sprintf("enterprise_goal:%s/%d/%s", region, year, measure), oldText, fmt.Sprint(value))
	})
}

// EnterpriseGoals returns a region's goals for a year, by measure.
func (s *Store) EnterpriseGoals(ctx context.Context, region string, year int) (map[string]float64, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT measure, value FROM enterprise_goals WHERE region_code = $1 AND year = $2`, region, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var m string
		var v float64
		if err := rows.Scan(&m, &v); err != nil {
			return nil, err
		}
		out[m] = v
	}
	return out, rows.Err()
}
