package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"pacer/internal/domain"
)

// RegisterCounts is what a register write did: rows added, rows revised (a new revision kept
// beside the old ones) and rows the same as before.
type RegisterCounts struct{ New, Revised, Unchanged int }

// RegisterRevision is one version of a register row (domain.RegisterRevision).
type RegisterRevision = domain.RegisterRevision

// leadBody is a lead as its revision keeps it (everything but the revision number).
func leadBody(l domain.Lead) string {
	l.Revision = 0
	if len(l.StageDates) == 0 {
		l.StageDates = nil
	}
	b, _ := json.Marshal(l)
	return string(b)
}

// SaveLeads writes leads in one audited transaction: a new code is added, a changed lead gets
// its next revision (the earlier ones kept), an identical one is left alone.
func (s *Store) SaveLeads(ctx context.Context, by Who, leads []domain.Lead) (RegisterCounts, error) {
	var res RegisterCounts
	err := s.inConnTx(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		return s.saveLeads(ctx, conn, tx, by, leads, &res)
	})
	return res, err
}

// saveLeads is SaveLeads within tx, adding to res.
func (s *Store) saveLeads(ctx context.Context, conn *sql.Conn, tx *sql.Tx, by Who, leads []domain.Lead, res *RegisterCounts) error {
	now := s.dialect.stamp(s.now())
	ins := inserter{tx: tx, dialect: s.dialect, conn: conn}
	codes := make([]string, len(leads))
	for i, l := range leads {
		codes[i] = l.Code
	}
	cur, err := currentBodies(ctx, tx, `SELECT l.code, l.revision, r.body FROM leads l JOIN lead_revisions r
		ON r.lead_code = l.code AND r.revision = l.revision`, "l.code", codes)
	if err != nil {
		return err
	}
	var leadRows, stageRows, revRows, auditRows [][]any
	for _, l := range leads {
		body := leadBody(l)
		old, exists := cur[l.Code]
		switch {
		case exists && old.body == body:
			res.Unchanged++
			continue
		case exists:
			res.Revised++
			l.Revision = old.revision + 1
			if _, err := tx.ExecContext(ctx, `UPDATE leads SET name = $2, stage = $3, investment = $4, industry = $5, source_region = $6,
				team = $7, region_code = $8, signed_date = $9, received_date = $10, responded_date = $11, assessed_date = $12,
				feedback_date = $13, terminate_reason = $14, project_code = $15, sample = $16, revision = $17, changed_by = $18,
				changed_at = $19 WHERE code = $1`, l.Code, l.Name, string(l.Stage), l.Investment, l.Industry, l.SourceRegion, l.Team,
				l.RegionCode, l.SignedDate, l.ReceivedDate, l.RespondedDate, l.AssessedDate, l.FeedbackDate, l.TerminateReason,
				l.ProjectCode, l.Sample, l.Revision, by.Username, now); err != nil {
				return fmt.Errorf("update lead %s: %w", l.Code, err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM lead_stages WHERE lead_code = $1`, l.Code); err != nil {
				return err
			}
			auditRows = append(auditRows, []any{now, by.Actor(), by.IP, "lead.update", "lead:" + l.Code, old.body, body, "ok"})
		default:
			res.New++
			l.Revision = 1
			cur[l.Code] = regCurrent{revision: 1, body: body} // a code twice in one write: the second is a revision
			leadRows = append(leadRows, []any{l.Code, l.Name, string(l.Stage), l.Investment, l.Industry, l.SourceRegion, l.Team,
				l.RegionCode, l.SignedDate, l.ReceivedDate, l.RespondedDate, l.AssessedDate, l.FeedbackDate, l.TerminateReason,
				l.ProjectCode, l.Sample, l.Revision, by.Username, now})
			auditRows = append(auditRows, []any{now, by.Actor(), by.IP, "lead.create", "lead:" + l.Code, "", body, "ok"})
		}
		cur[l.Code] = regCurrent{revision: l.Revision, body: body}
		for st, d := range l.StageDates {
			stageRows = append(stageRows, []any{l.Code, string(st), d})
		}
		revRows = append(revRows, []any{l.Code, l.Revision, body, by.Username, now})
	}
	if err := ins.insert(ctx, "leads", []string{"code", "name", "stage", "investment", "industry", "source_region", "team",
		"region_code", "signed_date", "received_date", "responded_date", "assessed_date", "feedback_date", "terminate_reason",
		"project_code", "sample", "revision", "changed_by", "changed_at"}, leadRows); err != nil {
		return err
	}
	if err := ins.insert(ctx, "lead_stages", []string{"lead_code", "stage", "reached_on"}, stageRows); err != nil {
		return err
	}
	if err := ins.insert(ctx, "lead_revisions", []string{"lead_code", "revision", "body", "recorded_by", "recorded_at"}, revRows); err != nil {
		return err
	}
	return ins.insert(ctx, "audit_log", auditColumns, auditRows)
}

var auditColumns = []string{"recorded_at", "actor", "source_ip", "action", "object", "old_value", "new_value", "outcome"}

type regCurrent struct {
	revision int
	body     string
}

// currentBodies reads the current revision and body of the rows of query whose key (column
// col) is among codes: all rows when there are many codes, else those only.
func currentBodies(ctx context.Context, tx *sql.Tx, query, col string, codes []string) (map[string]regCurrent, error) {
	out := map[string]regCurrent{}
	if len(codes) == 0 {
		return out, nil
	}
	var args []any
	if len(codes) <= 500 {
		query += " WHERE " + col + " IN (" + placeholders(&args, codes) + ")"
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var c regCurrent
		if err := rows.Scan(&code, &c.revision, &c.body); err != nil {
			return nil, err
		}
		out[code] = c
	}
	return out, rows.Err()
}

// prefixRange is the condition "col starts with prefix" as a range the column's index serves
// (LIKE does not on SQLite, whose LIKE ignores case); "" matches every row.
func prefixRange(col, prefix string, args *[]any) string {
	if prefix == "" {
		return "TRUE"
	}
	end := []byte(prefix)
	end[len(end)-1]++
	*args = append(*args, prefix, string(end))
	return fmt.Sprintf("%s >= $%d AND %s < $%d", col, len(*args)-1, col, len(*args))
}

const leadColumns = `l.code, l.name, l.stage, l.investment, l.industry, l.source_region, l.team, l.region_code, l.signed_date,
	l.received_date, l.responded_date, l.assessed_date, l.feedback_date, l.terminate_reason, l.project_code, l.sample, l.revision`

func scanLead(sc interface{ Scan(...any) error }) (domain.Lead, error) {
	var l domain.Lead
	var st string
	err := sc.Scan(&l.Code, &l.Name, &st, &l.Investment, &l.Industry, &l.SourceRegion, &l.Team, &l.RegionCode, &l.SignedDate,
		&l.ReceivedDate, &l.RespondedDate, &l.AssessedDate, &l.FeedbackDate, &l.TerminateReason, &l.ProjectCode, &l.Sample, &l.Revision)
	l.Stage = domain.LeadStage(st)
	return l, err
}

// Lead returns the lead with the given code, with the dates of its stages.
func (s *Store) Lead(ctx context.Context, code string) (domain.Lead, error) {
	l, err := scanLead(s.rd(ctx).QueryRowContext(ctx, `SELECT `+leadColumns+` FROM leads l WHERE l.code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return l, domain.E(domain.ENOTFOUND, "leads.unknown", code)
	}
	if err != nil {
		return l, err
	}
	ls := []domain.Lead{l}
	if err := s.attachStages(ctx, ls, `lead_code = $1`, code); err != nil {
		return l, err
	}
	return ls[0], nil
}

// Leads returns the leads whose region code starts with prefix (a county's six digits take its
// towns too; "" every lead), by code, with the dates of their stages.
func (s *Store) Leads(ctx context.Context, prefix string) ([]domain.Lead, error) {
	var args []any
	where := prefixRange("l.region_code", prefix, &args)
	out, err := s.leads(ctx, `SELECT `+leadColumns+` FROM leads l WHERE `+where+` ORDER BY l.code`, args...)
	if err != nil {
		return nil, err
	}
	return out, s.attachStages(ctx, out, `lead_code IN (SELECT l.code FROM leads l WHERE `+where+`)`, args...)
}

// LeadGroup is the leads of one team from one source region that a summary counts: how many
// and their summed investment (亿元, unrounded).
type LeadGroup struct {
	Team, SourceRegion string
	Count              int
	Investment         float64
}

// SignedLeadGroups counts and sums, by team and source region, the leads under prefix at one of
// stages whose investment rounds (two decimals, half away from zero) to at least min 亿元, with a
// full signing date (ten bytes) between from and to (inclusive): the rows a summary reads, grouped
// in the database. investment*100 >= min*100-0.5 is math.Round(investment*100) >= min*100 in the
// same IEEE arithmetic, so the groups hold exactly the leads domain.Lead.Counts accepts.
func (s *Store) SignedLeadGroups(ctx context.Context, prefix string, stages []string, min float64, from, to string) ([]LeadGroup, error) {
	args := []any{min*100 - 0.5, from, to}
	q := `SELECT team, source_region, COUNT(*), SUM(investment) FROM leads
		WHERE investment * 100 >= $1 AND signed_date >= $2 AND signed_date <= $3 AND OCTET_LENGTH(signed_date) = 10
		AND stage IN (` + placeholders(&args, stages) + `) AND ` + prefixRange("region_code", prefix, &args) + `
		GROUP BY team, source_region`
	rows, err := s.hotQuery(ctx, q, args...) // prepared once per stage list and prefix shape
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LeadGroup
	for rows.Next() {
		var g LeadGroup
		if err := rows.Scan(&g.Team, &g.SourceRegion, &g.Count, &g.Investment); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

func (s *Store) leads(ctx context.Context, q string, args ...any) ([]domain.Lead, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Lead
	for rows.Next() {
		l, err := scanLead(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

func (s *Store) attachStages(ctx context.Context, ls []domain.Lead, where string, args ...any) error {
	if len(ls) == 0 {
		return nil
	}
	at := make(map[string]int, len(ls))
	for i := range ls {
		at[ls[i].Code] = i
	}
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT lead_code, stage, reached_on FROM lead_stages WHERE `+where, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code, st, d string
		if err := rows.Scan(&code, &st, &d); err != nil {
			return err
		}
		if i, ok := at[code]; ok {
			if ls[i].StageDates == nil {
				ls[i].StageDates = map[domain.LeadStage]string{}
			}
			ls[i].StageDates[domain.LeadStage(st)] = d
		}
	}
	return rows.Err()
}

// LeadRevisions returns every revision of a lead, oldest first.
func (s *Store) LeadRevisions(ctx context.Context, code string) ([]RegisterRevision, error) {
	return s.revisions(ctx, `SELECT revision, body, recorded_by, recorded_at FROM lead_revisions WHERE lead_code = $1 ORDER BY revision`, code)
}

func (s *Store) revisions(ctx context.Context, q, code string) ([]RegisterRevision, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, q, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RegisterRevision
	for rows.Next() {
		var r RegisterRevision
		if err := rows.Scan(&r.Revision, &r.Body, &r.RecordedBy, &r.RecordedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// LeadTotals is one SQL aggregate over the leads of a region prefix: the count and summed
// investment of those at stage among stages, at least min 亿元, signed between from and to
// (inclusive). It reads the rows a summary reads; the benchmark holds the summary against it.
func (s *Store) LeadTotals(ctx context.Context, prefix string, stages []string, min float64, from, to string) (int, float64, error) {
	args := []any{min, from, to}
	q := `SELECT COUNT(*), COALESCE(SUM(investment), 0) FROM leads WHERE investment >= $1 AND signed_date >= $2 AND signed_date <= $3
		AND stage IN (` + placeholders(&args, stages) + `) AND ` + prefixRange("region_code", prefix, &args)
	var n int
	var sum float64
	err := s.rd(ctx).QueryRowContext(ctx, q, args...).Scan(&n, &sum)
	return n, sum, err
}

// LeadDeadlines returns the response rules by lead size, smallest line first.
func (s *Store) LeadDeadlines(ctx context.Context) ([]domain.LeadDeadline, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT min_investment, respond_days, assess_days, feedback_days FROM lead_deadlines ORDER BY min_investment`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.LeadDeadline
	for rows.Next() {
		var d domain.LeadDeadline
		if err := rows.Scan(&d.MinInvestment, &d.RespondDays, &d.AssessDays, &d.FeedDays); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SetLeadDeadlines replaces the response rules, audited (old and new rules in the record).
func (s *Store) SetLeadDeadlines(ctx context.Context, by Who, rules []domain.LeadDeadline) error {
	old, err := s.LeadDeadlines(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM lead_deadlines`); err != nil {
			return err
		}
		for _, r := range rules {
			if _, err := tx.ExecContext(ctx, `INSERT INTO lead_deadlines (min_investment, respond_days, assess_days, feedback_days)
				VALUES ($1, $2, $3, $4)`, r.MinInvestment, r.RespondDays, r.AssessDays, r.FeedDays); err != nil {
				return fmt.Errorf("insert lead deadline: %w", err)
			}
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("lead_deadlines.set", "lead_deadlines", describeDeadlines(old), describeDeadlines(rules))
	})
}

func describeDeadlines(rs []domain.LeadDeadline) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf(">=%g: %d/%d/%d", r.MinInvestment, r.RespondDays, r.AssessDays, r.FeedDays))
	}
	return strings.Join(parts, "; ")
}
