package auth_test

import (
	"regexp"
	"strings"
	"testing"

	"pacer/internal/auth"
	"pacer/internal/domain"
)

func TestHashRoundTrip(t *testing.T) {
	const pw = "Correct-Horse-7"
	h, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !auth.CheckPassword(h, pw) {
		t.Errorf("CheckPassword(hash of %q, %q): got false, want true", pw, pw)
	}
	for _, wrong := range []string{"", "correct-horse-7", "Correct-Horse-7 ", "Correct-Horse-", "Correct-Horse-8"} {
		if auth.CheckPassword(h, wrong) {
			t.Errorf("CheckPassword(hash of %q, %q): got true, want false", pw, wrong)
		}
	}
	h2, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if h == h2 {
		t.Errorf("two hashes of the same password: got the same %q, want a fresh salt each", h)
	}
}

// The hash is argon2id in the PHC string format, with a 16-byte salt and a 32-byte key.
func TestHashPHCFormat(t *testing.T) {
	h, err := auth.HashPassword("Some-Passw0rd")
	if err != nil {
		t.Fatal(err)
	}
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	m := phc.FindStringSubmatch(h)
	if m == nil {
		t.Fatalf("got hash %q, want $argon2id$v=19$m=…,t=…,p=…$<salt>$<key> (PHC, unpadded base64)", h)
	}
	if m[1] != "65536" || m[2] != "1" || m[3] != "2" {
		t.Errorf("got m=%s,t=%s,p=%s, want m=65536,t=1,p=2", m[1], m[2], m[3])
	}
}

// Hashes that are not ours, or malformed, never match and never panic.
func TestCheckPasswordMalformed(t *testing.T) {
	good, _ := auth.HashPassword("Some-Passw0rd")
	parts := strings.Split(good, "$")
	for _, h := range []string{
		"",
		"plain",
		"$2a$10$abcdefghijklmnopqrstuu5Q4b5Y7n1n3Gf2bY0kq7iH1e6e6e6e6", // bcrypt
		"$argon2i$" + strings.Join(parts[2:], "$"),
		"$argon2id$v=19$m=65536,t=1$" + parts[4] + "$" + parts[5],
		"$argon2id$v=19$m=65536,t=0,p=2$" + parts[4] + "$" + parts[5], // argon2 panics on t=0
		"$argon2id$v=19$m=65536,t=1,p=0$" + parts[4] + "$" + parts[5], // and on p=0
		"$argon2id$v=19$m=65536,t=1,p=2$" + parts[4] + "$",            // an empty key matches anything
		"$argon2id$v=19$m=65536,t=1,p=2$!!$" + parts[5],
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("CheckPassword(%q): panicked: %v", h, r)
				}
			}()
			if auth.CheckPassword(h, "Some-Passw0rd") {
				t.Errorf("CheckPassword(%q): got true, want false", h)
			}
		}()
	}
}

func TestValidatePassword(t *testing.T) {
	long100 := strings.Repeat("aB3-", 25) // 100 characters, 4 classes
	for _, tc := range []struct {
		password, username string
		ok                 bool
	}{
		{"Ab1-efgh", "alice", true},                        // 8 characters, 4 classes
		{"Ab1-efg", "alice", false},                        // 7 characters
		{"abcdefg1", "alice", false},                       // 2 classes
		{"ABCDEFGH1", "alice", false},                      // 2 classes
		{"abcdefgH1", "alice", true},                       // 3 classes: lower, upper, digit
		{"abcdefg-1", "alice", true},                       // 3 classes: lower, symbol, digit
		{"abcdefg-H", "alice", true},                       // 3 classes: lower, symbol, upper
		{"P@ssw0rd", "alice", false},                       // common, whatever its classes
		{"Passw0rd", "alice", false},                       // common (case-insensitively)
		{"Admin@123", "alice", false},                      // common
		{"Huawei@123", "alice", false},                     // common
		{"Woaini1314", "alice", false},                     // common, 3 classes
		{"xAlice-2024", "alice", false},                    // contains the user name
		{"x-ALICE-2024", "Alice", false},                   // case-insensitively
		{"Bob-2024x", "bo", true},                          // a 2-letter name is not checked
		{"密码很长Ab12", "alice", true},                        // Chinese characters count as characters and as symbols
		{long100, "alice", true},                           // long passwords are allowed
		{strings.Repeat("aB3-", 64), "alice", true},        // 256
		{strings.Repeat("aB3-", 64) + "x", "alice", false}, // 257
	} {
		err := auth.ValidatePassword(tc.password, tc.username)
		if (err == nil) != tc.ok {
			t.Errorf("ValidatePassword(%q, %q): got %v, want ok=%v", tc.password, tc.username, err, tc.ok)
		}
		if err != nil && domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("ValidatePassword(%q): got kind %s, want invalid", tc.password, domain.ErrorKind(err))
		}
	}
}

// Long passwords are never truncated: a 100-character password differing only at its 90th
// character does not match.
func TestLongPasswordNotTruncated(t *testing.T) {
	pw := strings.Repeat("aB3-", 25)
	other := []byte(pw)
	other[89] = 'Z'
	if err := auth.ValidatePassword(pw, "alice"); err != nil {
		t.Fatalf("100-character password: got %v, want it allowed", err)
	}
	h, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !auth.CheckPassword(h, pw) {
		t.Fatal("100-character password: got no match with itself")
	}
	if auth.CheckPassword(h, string(other)) {
		t.Error("100-character password: got a match with one differing at character 90, want none (no truncation)")
	}
	if auth.CheckPassword(h, pw[:72]) || auth.CheckPassword(h, pw[:64]) {
		t.Error("100-character password: got a match with a prefix of it")
	}
}

func TestRandomPasswordAndToken(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		p := auth.RandomPassword()
		if err := auth.ValidatePassword(p, "demo-analyst"); err != nil {
			t.Fatalf("RandomPassword() = %q: %v", p, err)
		}
		tok := auth.NewToken()
		if len(tok) != 43 || strings.ContainsAny(tok, "+/=") {
			t.Fatalf("NewToken() = %q: want 43 URL-safe characters (256 bits)", tok)
		}
		if seen[p] || seen[tok] {
			t.Fatal("got a repeated password or token")
		}
		seen[p], seen[tok] = true, true
	}
}

// TestCan is the permission table, spelled out: every role × every action. The three
// administrators have no business-data rights; nothing is granted to no role.
func TestCan(t *testing.T) {
	const (
		an = domain.RoleAnalyst
		re = domain.RoleReporter
		le = domain.RoleLeader
		sy = domain.RoleSysadmin
		se = domain.RoleSecadmin
		au = domain.RoleAuditor
	)
	want := map[auth.Action][]domain.Role{
		auth.Public:       {an, re, le, sy, se, au, "", "root", "Analyst"}, // anyone
		auth.SignedIn:     {an, re, le, sy, se, au, "root", "Analyst"},     // any account
		auth.ViewData:     {an, le},
		auth.SubmitData:   {re},
		auth.ReviewData:   {an},
		auth.EditTargets:  {an},
		auth.EditGoalTree: {an},
		auth.ImportFiles:  {an},
		auth.EditUnits:    {an},
		auth.Configure:    {sy},
		auth.ExportData:   {an, le, re},
		auth.ReadAudit:    {au},
		auth.ManageUsers:  {sy},
		auth.ManageRoles:  {se},

		auth.ViewCadence:   {an, le},
		auth.ManageCadence: {an},
		auth.ViewFollowups: {an, le, re},
		auth.ReplyFollowup: {re},
		auth.ViewRegisters: {an, le, re},
		auth.EditRegisters: {an, re},
		auth.ManageNotify:  {an, sy},
		auth.EditReport:    {an},
		auth.ViewRollup:    {an, le},
	}
	actions := auth.Actions()
	if len(actions) != len(want) {
		t.Errorf("Actions(): got %d actions %v, want %d", len(actions), actions, len(want))
	}
	for _, a := range actions {
		if _, ok := want[a]; !ok {
			t.Errorf("action %q: in Actions() but not in this test's table", a)
		}
	}
	roles := append([]domain.Role{""}, domain.Roles...)
	roles = append(roles, "root", "Analyst")
	for a, allowed := range want {
		for _, r := range roles {
			exp := false
			for _, x := range allowed {
				exp = exp || x == r
			}
			if got := auth.Can(r, a); got != exp {
				t.Errorf("Can(%q, %s): got %v, want %v", r, a, got, exp)
			}
		}
	}
	for _, r := range roles {
		if auth.Can(r, "no_such_action") || auth.Can(r, "") {
			t.Errorf("Can(%q, unknown action): got true, want false (deny by default)", r)
		}
	}
	// 三员分立: the administrators reach no business data.
	for _, r := range []domain.Role{sy, se, au} {
		for _, a := range []auth.Action{auth.ViewData, auth.SubmitData, auth.ReviewData, auth.EditTargets,
			auth.EditGoalTree, auth.ImportFiles, auth.ExportData, auth.EditUnits, auth.ViewRegisters, auth.EditRegisters,
			auth.ViewCadence, auth.ManageCadence, auth.ViewFollowups, auth.ReplyFollowup, auth.EditReport, auth.ViewRollup} {
			if auth.Can(r, a) {
				t.Errorf("Can(%s, %s): got true, want false (administrators have no business-data rights)", r, a)
			}
		}
	}
	// Each administrator's own right is theirs alone.
	for a, r := range map[auth.Action]domain.Role{auth.ManageUsers: sy, auth.ManageRoles: se, auth.ReadAudit: au} {
		for _, other := range domain.Roles {
			if other != r && auth.Can(other, a) {
				t.Errorf("Can(%s, %s): got true, want only %s", other, a, r)
			}
		}
	}
}

func TestValidRole(t *testing.T) {
	for _, r := range domain.Roles {
		if !auth.ValidRole(r) {
			t.Errorf("ValidRole(%q): got false", r)
		}
	}
	for _, r := range []domain.Role{"", "admin", "root", "ANALYST"} {
		if auth.ValidRole(r) {
			t.Errorf("ValidRole(%q): got true", r)
		}
	}
}
