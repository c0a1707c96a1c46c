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

// common is a short list of passwords assessors try first; they are refused whatever their classes.
var common = map[string]bool{
	"password": true, "password1": true, "password123": true, "passw0rd": true, "p@ssw0rd": true, "p@ssword1": true,
	"admin123": true, "admin@123": true, "admin123456": true, "qwerty123": true, "qwer1234": true, "abc12345": true,
	"abcd1234": true, "aa123456": true, "a1234567": true, "12345678": true, "123456789": true, "1qaz2wsx": true,
	"1qaz@wsx": true, "1q2w3e4r": true, "q1w2e3r4": true, "zaq12wsx": true, "iloveyou1": true, "woaini1314": true,
	"welcome1": true, "changeme1": true, "root1234": true, "test1234": true, "huawei@123": true, "admin@2023": true,
}

// ErrWeakPassword wraps every policy refusal.
var ErrWeakPassword = errors.New("weak password")

// ValidatePassword applies the password policy: at least 8 characters of at least 3 classes
// (lower, upper, digit, other), not a common password, not containing the username. Long
// passwords are allowed and never truncated (up to 256 characters).
func ValidatePassword(password, username string) error {
	n := len([]rune(password))
	if n < 8 || n > 256 {
		return domain.E(domain.EINVALID, "err.password.length")
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
	if classes < 3 {
		return domain.E(domain.EINVALID, "err.password.classes")
	}
	lp := strings.ToLower(password)
	if common[lp] {
		return domain.E(domain.EINVALID, "err.password.common")
	}
	if u := strings.ToLower(username); len(u) >= 3 && strings.Contains(lp, u) {
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
