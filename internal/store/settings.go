package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"

	"pacer/internal/domain"
)

// Settings returns every setting of the deployment by key (empty when none is set).
func (s *Store) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// SetSettings writes values (key → value) in one transaction, auditing each key whose value
// changes; a value it already has writes nothing.
func (s *Store) SetSettings(ctx context.Context, by Who, values map[string]string) error {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.dialect.stamp(s.now())
		a := auditor{tx: tx, ctx: ctx, at: now, actor: by.Actor(), ip: by.IP}
		for _, k := range keys {
			var old string
			err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, k).Scan(&old)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if err == nil && old == values[k] {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, changed_by, changed_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (key) DO UPDATE SET value = $2, changed_by = $3, changed_at = $4`, k, values[k], by.Username, now); err != nil {
				return err
			}
			if err := a.log("setting.set", "setting:"+k, settingText(old), settingText(values[k])); err != nil {
				return err
			}
		}
		return nil
	})
}

// settingText is a setting's value as the audit log shows it: each line holding a URL without
// the values of its query (a webhook's token is a credential, domain.MaskTarget).
func settingText(v string) string {
	if !strings.Contains(v, "://") {
		return v
	}
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		lines[i] = domain.MaskTarget(l)
	}
	return strings.Join(lines, "\n")
}
