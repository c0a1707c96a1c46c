package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"

	"github.com/jackc/pgx/v5"

	"pacer/internal/domain"
)

var roleName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// GrantAppRole sets up role, on PostgreSQL, as the least-privilege role `pacer serve` connects
// as, creating it (LOGIN, no password: set one or use certificate/peer authentication) when it
// does not exist. The connection must be the tables' owner. Run it again after an upgrade (it
// first migrates, as every command does): it revokes everything the role has on the schema's
// tables and grants exactly
//
//   - audit_log: SELECT, INSERT of every column but id (never UPDATE, DELETE or TRUNCATE; the
//     purge is the owner's; an id from the future would make later inserts collide);
//   - audit_purge_gate, schema_migrations: SELECT (backups read them);
//   - audit_retention: SELECT, INSERT, UPDATE (the security administrator sets it; the
//     database refuses fewer than 180 days);
//   - every other table: SELECT, INSERT, UPDATE, DELETE;
//   - the schema: USAGE (not CREATE); its sequences: USAGE, SELECT.
//
// A role that is a superuser, may create roles (before PostgreSQL 16 that lets it join the
// owner's role), may bypass row security, or is the owner or a member of it is refused: its
// privileges would not be least. On SQLite (no roles) it is an EINVALID error.
func (s *Store) GrantAppRole(ctx context.Context, role string) error {
	if s.dialect != Postgres {
		return domain.E(domain.EINVALID, "audit.grant.err_postgres_only")
	}
	if !roleName.MatchString(role) {
		return domain.E(domain.EINVALID, "audit.grant.err_role_name", role)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var schema, owner string
		if err := tx.QueryRowContext(ctx, `SELECT current_schema(), tableowner FROM pg_tables
			WHERE schemaname = current_schema() AND tablename = 'audit_log'`).Scan(&schema, &owner); err != nil {
			return fmt.Errorf("find the audit log's owner: %w", err)
		}
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)`, role).Scan(&exists); err != nil {
			return err
		}
		r, sch := pgx.Identifier{role}.Sanitize(), pgx.Identifier{schema}.Sanitize()
		if !exists {
			if _, err := tx.ExecContext(ctx, `CREATE ROLE `+r+` LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`); err != nil {
				return fmt.Errorf("create role %s: %w", role, err)
			}
		}
		var privileged bool
		if err := tx.QueryRowContext(ctx, `SELECT rolsuper OR rolcreaterole OR rolbypassrls OR pg_has_role($1, $2, 'MEMBER')
			FROM pg_roles WHERE rolname = $1`, role, owner).Scan(&privileged); err != nil {
			return err
		}
		if privileged {
			return domain.E(domain.EINVALID, "audit.grant.err_role_privileged", role)
		}
		for _, q := range []string{
			`GRANT USAGE ON SCHEMA ` + sch + ` TO ` + r,
			`REVOKE ALL ON ALL TABLES IN SCHEMA ` + sch + ` FROM ` + r,
			`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ` + sch + ` FROM ` + r,
			`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ` + sch + ` TO ` + r,
			`REVOKE INSERT, UPDATE, DELETE ON audit_log, audit_purge_gate, schema_migrations FROM ` + r,
			`REVOKE DELETE ON audit_retention FROM ` + r,
			`GRANT INSERT (recorded_at, actor, source_ip, action, object, old_value, new_value, outcome) ON audit_log TO ` + r,
			`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ` + sch + ` TO ` + r,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("grant %s: %s: %w", role, q, err)
			}
		}
		return nil
	})
}
