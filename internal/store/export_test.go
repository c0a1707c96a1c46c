package store

import "context"

// ExecForTest runs a raw statement on the writer: the contract suite uses it to prove the audit
// log refuses tampering.
func (s *Store) ExecForTest(ctx context.Context, q string) error {
	_, err := s.w.ExecContext(ctx, q)
	return err
}
