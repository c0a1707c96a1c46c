package store

import (
	"context"
	"database/sql"
	"sort"
)

// SecurityPolicySettings returns the stored settings of the security policy, by name (a setting
// never set has no entry; its default is the domain's).
func (s *Store) SecurityPolicySettings(ctx context.Context) (map[string]string, error) {
	return policySettings(ctx, s.r)
}

func policySettings(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, value FROM security_policy`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return nil, err
		}
		out[name] = value
	}
	return out, rows.Err()
}

// SetSecurityPolicy stores the settings in values whose value in force differs — the stored one,
// or defaults[name] for a setting never stored —, each audited as by's policy.change of
// policy:NAME with old → new, in one transaction. It returns the names it changed, sorted. With
// onlyIfEmpty it writes nothing when any setting is stored already (first-run defaults).
func (s *Store) SetSecurityPolicy(ctx context.Context, by Who, values, defaults map[string]string, onlyIfEmpty bool) ([]string, error) {
	var changed []string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		changed = nil
		old, err := policySettings(ctx, tx)
		if err != nil {
			return err
		}
		if onlyIfEmpty && len(old) > 0 {
			return nil
		}
		names := make([]string, 0, len(values))
		for name := range values {
			names = append(names, name)
		}
		sort.Strings(names)
		now := s.now()
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		for _, name := range names {
			was, ok := old[name]
			if !ok {
				was = defaults[name]
			}
			if was == values[name] {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO security_policy (name, value, changed_by, changed_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
				name, values[name], by.Actor(), s.dialect.stamp(now)); err != nil {
				return err
			}
			if err := a.log("policy.change", "policy:"+name, was, values[name]); err != nil {
				return err
			}
			changed = append(changed, name)
		}
		return nil
	})
	return changed, err
}
