package store

import (
	"context"
	"database/sql"
	"errors"

	"pacer/internal/domain"
)

// RegisterBatch is one import of the registers — attraction leads, enterprises and key projects
// — written in one transaction.
type RegisterBatch struct {
	By          Who // for leads and enterprises; a key-project batch names its own actor
	Leads       []domain.Lead
	Enterprises []domain.Enterprise
	Projects    *ProjectBatch // nil: no key-project file
	// DryRun: every row is written as it would be and the transaction rolled back, so the counts
	// are what the write would do (new, revised, unchanged) and nothing is kept.
	DryRun bool
}

// RegisterResult is what ApplyRegisters wrote (a dry run: would write), by register.
type RegisterResult struct {
	Leads, Enterprises RegisterCounts
	Projects           ProjectResult
}

// errDryRun rolls a dry run's transaction back.
var errDryRun = errors.New("dry run: rolled back")

// ApplyRegisters writes b in one audited transaction, as SaveLeads, SaveEnterprises and
// ApplyProjects write each register alone: leads, then enterprises, then key projects; any
// failure writes nothing of any. A dry run compares every row with the same code as the write
// does and keeps nothing.
func (s *Store) ApplyRegisters(ctx context.Context, b RegisterBatch) (RegisterResult, error) {
	var res RegisterResult
	err := s.inConnTx(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		if len(b.Leads) > 0 {
			if err := s.saveLeads(ctx, conn, tx, b.By, b.Leads, &res.Leads); err != nil {
				return err
			}
		}
		if len(b.Enterprises) > 0 {
			if err := s.saveEnterprises(ctx, conn, tx, b.By, b.Enterprises, &res.Enterprises); err != nil {
				return err
			}
		}
		if b.Projects != nil {
			if err := s.applyProjects(ctx, conn, tx, *b.Projects, &res.Projects); err != nil {
				return err
			}
		}
		if b.DryRun {
			return errDryRun
		}
		return nil
	})
	if b.DryRun && errors.Is(err, errDryRun) {
		return res, nil
	}
	if err != nil {
		return RegisterResult{}, err
	}
	return res, nil
}
