package auth_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"pacer/internal/auth"
)

// RFC 4226 appendix D: the HOTP values of the secret "12345678901234567890" for counters 0–9.
func TestHOTPVectors(t *testing.T) {
	secret := []byte("12345678901234567890")
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for i, w := range want {
		if got := auth.HOTP(secret, uint64(i), 6); got != w {
			t.Errorf("HOTP counter %d: got %s, want %s", i, got, w)
		}
	}
}

// RFC 6238 appendix B (SHA-1 column): eight-digit TOTP values at the given Unix times, and their
// steps.
func TestTOTPVectors(t *testing.T) {
	secret := []byte("12345678901234567890")
	for _, tc := range []struct {
		unix int64
		step string // hexadecimal T of the appendix
		code string
	}{
		{59, "0000000000000001", "94287082"},
		{1111111109, "00000000023523EC", "07081804"},
		{1111111111, "00000000023523ED", "14050471"},
		{1234567890, "000000000273EF07", "89005924"},
		{2000000000, "0000000003F940AA", "69279037"},
		{20000000000, "0000000027BC86AA", "65353130"},
	} {
		at := time.Unix(tc.unix, 0)
		step := auth.TOTPStep(at)
		if got := hex16(step); got != tc.step {
			t.Errorf("step at %d: got %s, want %s", tc.unix, got, tc.step)
		}
		if got := auth.HOTP(secret, uint64(step), 8); got != tc.code {
			t.Errorf("TOTP at %d: got %s, want %s", tc.unix, got, tc.code)
		}
		if got, want := auth.TOTP(secret, at), tc.code[2:]; got != want {
			t.Errorf("six-digit TOTP at %d: got %s, want %s (the last six of the eight)", tc.unix, got, want)
		}
	}
}

func hex16(n int64) string {
	const digits = "0123456789ABCDEF"
	b := make([]byte, 16)
	for i := 15; i >= 0; i-- {
		b[i] = digits[n&0xf]
		n >>= 4
	}
	return string(b)
}

// A code is accepted for its own step and one either side, and reports the step it matched;
// others, malformed codes and codes of another secret are refused.
func TestMatchTOTP(t *testing.T) {
	secret := []byte("12345678901234567890")
	now := time.Unix(1111111111, 0) // step 0x23523ED
	base := auth.TOTPStep(now)
	for _, tc := range []struct {
		name   string
		code   string
		ok     bool
		offset int64
	}{
		{"this step's", auth.TOTP(secret, now), true, 0},
		{"the previous step's", auth.TOTP(secret, now.Add(-30*time.Second)), true, -1},
		{"the next step's", auth.TOTP(secret, now.Add(30*time.Second)), true, 1},
		{"two steps ago", auth.TOTP(secret, now.Add(-60*time.Second)), false, 0},
		{"two steps ahead", auth.TOTP(secret, now.Add(60*time.Second)), false, 0},
		{"another secret's", auth.TOTP([]byte("another secret 12345"), now), false, 0},
		{"with spaces around", " " + auth.TOTP(secret, now) + " ", true, 0},
		{"too short", auth.TOTP(secret, now)[:5], false, 0},
		{"empty", "", false, 0},
	} {
		step, ok := auth.MatchTOTP(secret, tc.code, now)
		if ok != tc.ok || (ok && step != base+tc.offset) {
			t.Errorf("%s (%q): got %d, %t; want %t at step %+d", tc.name, tc.code, step-base, ok, tc.ok, tc.offset)
		}
	}
}

// The otpauth URI carries the base32 secret and the parameters apps need.
func TestTOTPURI(t *testing.T) {
	got := auth.TOTPURI("Pacer 鹤山", "ana", []byte("12345678901234567890"))
	for _, want := range []string{"otpauth://totp/Pacer%20%E9%B9%A4%E5%B1%B1:ana?", "secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
		"algorithm=SHA1", "digits=6", "period=30", "issuer=Pacer+%E9%B9%A4%E5%B1%B1"} {
		if !strings.Contains(got, want) {
			t.Errorf("URI %s: want %s in it", got, want)
		}
	}
}

// A sealed secret opens with its key and context only; tampering is detected; a key of the
// wrong size is refused.
func TestSealOpen(t *testing.T) {
	key, other := auth.NewSecretKey(), auth.NewSecretKey()
	plain := auth.NewTOTPSecret()
	sealed, err := auth.Seal(key, plain, "user:1")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, auth.EncodeTOTPSecret(plain)) || !strings.HasPrefix(sealed, "v1:") {
		t.Errorf("sealed: got %q, want v1: and no plain secret", sealed)
	}
	if got, err := auth.Open(key, sealed, "user:1"); err != nil || !bytes.Equal(got, plain) {
		t.Errorf("open: got %x, %v; want %x", got, err, plain)
	}
	tampered := sealed[:len(sealed)-2] + "AA"
	if tampered == sealed {
		tampered = sealed[:len(sealed)-2] + "BB"
	}
	for _, tc := range []struct {
		name, sealed, context string
		key                   []byte
	}{
		{"another key", sealed, "user:1", other},
		{"another account", sealed, "user:2", key},
		{"tampered", tampered, "user:1", key},
		{"no version", strings.TrimPrefix(sealed, "v1:"), "user:1", key},
		{"a short key", sealed, "user:1", key[:16]},
	} {
		if _, err := auth.Open(tc.key, tc.sealed, tc.context); err == nil {
			t.Errorf("%s: got it open, want an error", tc.name)
		}
	}
	if _, err := auth.Seal(key[:31], plain, "x"); err == nil {
		t.Error("seal with a 31-byte key: got no error")
	}
}

// Recovery codes are distinct, of the documented form, and hash the same however typed.
func TestRecoveryCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		c := auth.NewRecoveryCode()
		if len(c) != 11 || c[5] != '-' || seen[c] {
			t.Fatalf("recovery code %q: want ten characters in two groups, each new", c)
		}
		seen[c] = true
	}
	h := auth.HashRecoveryCode("abcde-fghjk")
	for _, typed := range []string{"ABCDE-FGHJK", "abcde fghjk", " abcdefghjk "} {
		if got := auth.HashRecoveryCode(typed); got != h {
			t.Errorf("hash of %q: got %s, want %s", typed, got, h)
		}
	}
	if auth.HashRecoveryCode("abcde-fghjm") == h {
		t.Error("two codes hash the same")
	}
}
