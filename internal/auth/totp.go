package auth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// The second factor is TOTP (RFC 6238) as every authenticator app implements it: HMAC-SHA1, a
// 30-second step, six digits, a 160-bit secret. It is the RFC's few lines over the standard
// library rather than a dependency; the tests check it against the RFC's test vectors.
const (
	TOTPPeriod = 30 * time.Second
	TOTPDigits = 6
	// TOTPSkew is how many steps either side of now a code is accepted for: a phone's clock a
	// little off, or a code typed as it changed.
	TOTPSkew = 1
)

// NewTOTPSecret returns a new random 160-bit TOTP secret (RFC 4226 recommends 160 bits).
func NewTOTPSecret() []byte {
	b := make([]byte, 20)
	rand.Read(b)
	return b
}

// HOTP is RFC 4226's one-time password of secret for counter, digits long (HMAC-SHA1, dynamic
// truncation).
func HOTP(secret []byte, counter uint64, digits int) string {
	mac := hmac.New(sha1.New, secret)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// TOTPStep is the RFC 6238 time step of t (T0 = the Unix epoch, 30-second steps).
func TOTPStep(t time.Time) int64 { return t.Unix() / int64(TOTPPeriod/time.Second) }

// TOTP is the code of secret at t.
func TOTP(secret []byte, t time.Time) string { return HOTP(secret, uint64(TOTPStep(t)), TOTPDigits) }

// MatchTOTP reports whether code is secret's code for a step within TOTPSkew of now's, and
// which step: the caller takes each step once, so that no code is accepted twice.
func MatchTOTP(secret []byte, code string, now time.Time) (step int64, ok bool) {
	code = strings.TrimSpace(code)
	if len(code) != TOTPDigits {
		return 0, false
	}
	at := TOTPStep(now)
	for s := at - TOTPSkew; s <= at+TOTPSkew; s++ {
		if subtle.ConstantTimeCompare([]byte(HOTP(secret, uint64(s), TOTPDigits)), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// EncodeTOTPSecret is secret as authenticator apps take it when typed in: base32 without
// padding.
func EncodeTOTPSecret(secret []byte) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(secret)
}

// TOTPURI is the otpauth:// URI (Google Authenticator's key URI format) a QR code carries, for
// account at issuer.
func TOTPURI(issuer, account string, secret []byte) string {
	q := url.Values{"secret": {EncodeTOTPSecret(secret)}, "issuer": {issuer}, "algorithm": {"SHA1"},
		"digits": {fmt.Sprint(TOTPDigits)}, "period": {fmt.Sprint(int(TOTPPeriod / time.Second))}}
	return "otpauth://totp/" + url.PathEscape(issuer+":"+account) + "?" + q.Encode()
}

// SecretKeySize is the size of the key that seals second-factor secrets (AES-256).
const SecretKeySize = 32

// NewSecretKey returns a new random sealing key.
func NewSecretKey() []byte {
	b := make([]byte, SecretKeySize)
	rand.Read(b)
	return b
}

// Seal encrypts plain with key (AES-256-GCM, a random nonce) for storage, bound to context (the
// account it belongs to, so a sealed secret copied to another account's row does not open):
// "v1:" and the base64 of nonce and ciphertext.
func Seal(key, plain []byte, context string) (string, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	return "v1:" + base64.RawStdEncoding.EncodeToString(gcm.Seal(nonce, nonce, plain, []byte(context))), nil
}

// Open decrypts what Seal returned for the same key and context.
func Open(key []byte, sealed, context string) ([]byte, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	b64, ok := strings.CutPrefix(sealed, "v1:")
	if !ok {
		return nil, errors.New("auth: sealed value of an unknown version")
	}
	b, err := base64.RawStdEncoding.DecodeString(b64)
	if err != nil || len(b) < gcm.NonceSize() {
		return nil, errors.New("auth: malformed sealed value")
	}
	plain, err := gcm.Open(nil, b[:gcm.NonceSize()], b[gcm.NonceSize():], []byte(context))
	if err != nil {
		return nil, errors.New("auth: sealed value does not open with this key")
	}
	return plain, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	if len(key) != SecretKeySize {
		return nil, fmt.Errorf("auth: a sealing key has %d bytes, got %d", SecretKeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// recoveryAlphabet leaves out letters and digits easily confused when read off paper.
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// NewRecoveryCode returns a one-time recovery code: ten characters of recoveryAlphabet (about 49
// bits), written as two groups of five.
func NewRecoveryCode() string {
	b := make([]byte, 10)
	rand.Read(b)
	out := make([]byte, 0, 11)
	for i, c := range b {
		if i == 5 {
			out = append(out, '-')
		}
		out = append(out, recoveryAlphabet[int(c)%len(recoveryAlphabet)])
	}
	return string(out)
}

// HashRecoveryCode is how a recovery code is stored: the SHA-256 of its letters and digits,
// lower-cased, so that case, spaces and the dash do not matter when it is typed. The codes are
// random and used once, so a fast hash suffices.
func HashRecoveryCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(code) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}
