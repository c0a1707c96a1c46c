// Package auth holds accounts' rules: password hashing and policy, roles and the permission
// table. It does no I/O; the store keeps accounts and sessions, the accounts workflow applies
// the rules and the web guard enforces the permission table.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/crypto/argon2"

	"pacer/internal/domain"
)

// argon2id parameters (OWASP's second recommendation: 19 MiB would do; 64 MiB, 1 pass, 2 lanes).
const (
	argonTime    = 1
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the PHC-format argon2id hash.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	// Refuse parameters argon2 panics on (t or p of 0) and an empty key, which would match any
	// password.
	if err1 != nil || err2 != nil || t < 1 || p < 1 || len(want) < 16 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// ErrWeakPassword wraps every policy refusal.
var ErrWeakPassword = errors.New("weak password")

// ValidatePassword applies the default password policy (domain.DefaultSecurityPolicy): see
// ValidatePasswordPolicy.
func ValidatePassword(password, username string) error {
	return ValidatePasswordPolicy(password, username, domain.DefaultSecurityPolicy())
}

// ValidatePasswordPolicy applies the password rules of p: at least p.PasswordMinLength characters
// (up to 256, never truncated) of at least p.PasswordClasses classes (lower, upper, digit, other),
// not a common password (Common), not containing the username.
func ValidatePasswordPolicy(password, username string, p domain.SecurityPolicy) error {
	p = p.WithDefaults()
	n := len([]rune(password))
	if n < p.PasswordMinLength || n > 256 {
		return domain.E(domain.EINVALID, "policy.password.length", p.PasswordMinLength)
	}
	var lower, upper, digit, other bool
	for _, r := range password {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	if classes < p.PasswordClasses {
		return domain.E(domain.EINVALID, "policy.password.classes", p.PasswordClasses)
	}
	if Common(password) {
		return domain.E(domain.EINVALID, "err.password.common")
	}
	if u := strings.ToLower(username); len(u) >= 3 && strings.Contains(strings.ToLower(password), u) {
		return domain.E(domain.EINVALID, "err.password.username")
	}
	return nil
}

// RandomPassword returns a password that satisfies the policy (for demo accounts).
func RandomPassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	return "Pc-" + base64.RawURLEncoding.EncodeToString(b) + "7a"
}

// NewToken returns a 256-bit random token, URL-safe.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
