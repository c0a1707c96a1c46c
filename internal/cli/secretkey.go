package cli

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"pacer/internal/auth"
	"pacer/internal/store"
)

// The server's secret key seals second-factor secrets in the database (auth.Seal). It lives in
// a file of its own, outside the database, so that a dump of the database alone does not give
// the secrets away: back it up apart from the database, with the same care. Without it, enrolled
// second factors cannot be checked.

// secretKeyPath is the key file of --secret-key, or by default the SQLite file's name with
// ".secret-key" added; a PostgreSQL database has no default ("").
func secretKeyPath(flagValue, db string) string {
	if flagValue != "" || store.IsPostgres(db) {
		return flagValue
	}
	return db + ".secret-key"
}

// loadSecretKey reads the key in path (hexadecimal), creating the file with a new random key
// (mode 0600) when it does not exist.
func loadSecretKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key := auth.NewSecretKey()
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fmt.Errorf("create the secret key file: %w", err)
		}
		if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
			f.Close()
			return nil, err
		}
		return key, f.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("read the secret key file: %w", err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != auth.SecretKeySize {
		return nil, fmt.Errorf("%s: want %d bytes in hexadecimal", path, auth.SecretKeySize)
	}
	return key, nil
}
