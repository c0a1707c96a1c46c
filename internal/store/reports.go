package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"pacer/internal/domain"
)

// The monthly analysis's paragraph edits and versions (migration 0021). Edits are appended, the
// latest per paragraph current; versions are kept as stored (the database refuses to change one).

// AddReportEdit appends an analyst's edit of one paragraph (an empty text restores the
// generated one), audited with the previous edit's text as the old value.
func (s *Store) AddReportEdit(ctx context.Context, by Who, e domain.ReportEdit) (domain.ReportEdit, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var old string
		err := tx.QueryRowContext(ctx, `SELECT text FROM report_edits WHERE region_code = $1 AND period = $2 AND lang = $3
			AND para_key = $4 ORDER BY id DESC LIMIT 1`, e.Region, e.Period, e.Lang, e.Key).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		e.EditedBy, e.EditedAt = by.Username, now
		if err := tx.QueryRowContext(ctx, `INSERT INTO report_edits (region_code, period, lang, para_key, base, text, edited_by, edited_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, e.Region, e.Period, e.Lang, e.Key, e.Base, e.Text, by.Username,
			s.dialect.stamp(now)).Scan(&e.ID); err != nil {
			if isForeignKey(err) {
				return domain.E(domain.ENOTFOUND, "err.region.unknown", e.Region)
			}
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		return a.log("report.edit", "report:"+e.Region+"/"+e.Period+"/"+e.Lang+"#"+e.Key, old, e.Text)
	})
	return e, err
}

// ReportEdits returns the current edit of each paragraph of a report in every language (the
// latest; restored paragraphs, whose latest edit is empty, left out), by language and key.
func (s *Store) ReportEdits(ctx context.Context, region, period string) ([]domain.ReportEdit, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT e.id, e.region_code, e.period, e.lang, e.para_key, e.base, e.text, e.edited_by, e.edited_at
		FROM report_edits e WHERE e.region_code = $1 AND e.period = $2
		AND e.id = (SELECT MAX(l.id) FROM report_edits l WHERE l.region_code = e.region_code AND l.period = e.period
			AND l.lang = e.lang AND l.para_key = e.para_key)
		AND e.text <> '' ORDER BY e.lang, e.para_key`, region, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ReportEdit
	for rows.Next() {
		var e domain.ReportEdit
		if err := rows.Scan(&e.ID, &e.Region, &e.Period, &e.Lang, &e.Key, &e.Base, &e.Text, &e.EditedBy, &e.EditedAt); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AddReportVersion stores a version of a report, numbered after the region and period's last
// one, audited (report.draft or report.final), with events' outbox messages in the same
// transaction; it returns the version with its id and number (its .docx left as given).
func (s *Store) AddReportVersion(ctx context.Context, by Who, v domain.ReportVersion, events ...domain.Event) (domain.ReportVersion, error) {
	figs, err := json.Marshal(v.Figures)
	if err != nil {
		return v, fmt.Errorf("report version: encode figures: %w", err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM report_versions WHERE region_code = $1 AND period = $2`,
			v.Region, v.Period).Scan(&v.Number); err != nil {
			return err
		}
		v.CreatedBy, v.CreatedAt, v.Size = by.Username, now, len(v.Docx)
		if err := tx.QueryRowContext(ctx, `INSERT INTO report_versions (region_code, period, number, state, lang, fingerprint, figures,
			docx, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			v.Region, v.Period, v.Number, v.State, v.Lang, v.Fingerprint, string(figs), v.Docx, by.Username, s.dialect.stamp(now)).Scan(&v.ID); err != nil {
			if isForeignKey(err) {
				return domain.E(domain.ENOTFOUND, "err.region.unknown", v.Region)
			}
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		if err := a.log("report."+v.State, "report:"+v.Region+"/"+v.Period+"#"+strconv.Itoa(v.Number), "", v.Fingerprint); err != nil {
			return err
		}
		for _, ev := range events {
			n, err := enqueueTx(ctx, tx, s.dialect, now, ev)
			if err != nil {
				return err
			}
			if err := a.log("notify.enqueue", "unit:"+ev.UnitCode, "", ev.Kind+": "+ev.Subject+" → "+strconv.Itoa(n)); err != nil {
				return err
			}
		}
		return nil
	})
	return v, err
}

const reportVersionCols = `id, region_code, period, number, state, lang, fingerprint, figures, created_by, created_at`

func scanReportVersion(sc interface{ Scan(...any) error }, extra ...any) (domain.ReportVersion, error) {
	var v domain.ReportVersion
	var figs string
	if err := sc.Scan(append([]any{&v.ID, &v.Region, &v.Period, &v.Number, &v.State, &v.Lang, &v.Fingerprint, &figs,
		&v.CreatedBy, &v.CreatedAt}, extra...)...); err != nil {
		return v, err
	}
	if err := json.Unmarshal([]byte(figs), &v.Figures); err != nil {
		return v, fmt.Errorf("report version %d: figures: %w", v.ID, err)
	}
	return v, nil
}

// ReportVersions lists a report's versions, newest first, without their .docx (Size says how
// large it is).
func (s *Store) ReportVersions(ctx context.Context, region, period string) ([]domain.ReportVersion, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+reportVersionCols+`, LENGTH(docx) FROM report_versions
		WHERE region_code = $1 AND period = $2 ORDER BY number DESC`, region, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ReportVersion
	for rows.Next() {
		var size int
		v, err := scanReportVersion(rows, &size)
		if err != nil {
			return nil, err
		}
		v.Size = size
		out = append(out, v)
	}
	return out, rows.Err()
}

// ReportVersion returns one version with its .docx.
func (s *Store) ReportVersion(ctx context.Context, id int64) (domain.ReportVersion, error) {
	var docx []byte
	v, err := scanReportVersion(s.r.QueryRowContext(ctx, `SELECT `+reportVersionCols+`, docx FROM report_versions WHERE id = $1`, id), &docx)
	if errors.Is(err, sql.ErrNoRows) {
		return v, domain.E(domain.ENOTFOUND, "report.version.unknown", id)
	}
	v.Docx, v.Size = docx, len(docx)
	return v, err
}

// isForeignKey reports whether err is a foreign key's refusal (either database).
func isForeignKey(err error) bool {
	return strings.Contains(strings.ToLower(err.Error()), "foreign key")
}
