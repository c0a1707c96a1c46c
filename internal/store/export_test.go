package store

import "context"

// ExecForTest runs a raw statement on the writer: the contract suite uses it to prove the audit
// log refuses tampering.
func (s *Store) ExecForTest(ctx context.Context, q string) error {
	_, err := s.w.ExecContext(ctx, q)
	return err
}

// OpenAtVersionForTest opens dsn and applies the migrations up to and including version, without
// seeding the catalogue: tests build a database as an older release left it.
func OpenAtVersionForTest(ctx context.Context, dsn string, version int) (*Store, error) {
	s, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := s.migrateTo(ctx, version); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// RowsForTest runs a raw query on the writer and returns every row, each value as the driver
// gave it ([]byte as string): tests read what is stored, not what the store's methods make of it.
func (s *Store) RowsForTest(ctx context.Context, q string, args ...any) ([][]any, error) {
	rows, err := s.w.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}
