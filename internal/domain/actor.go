package domain

// Actor is who does something, for the rules (nobody approves their own submission) and the
// audit log: an account's user name and role, and the address the request came from.
type Actor struct {
	Username string
	Role     Role
	IP       string
}

// String is the actor as the audit log names it: "name (role)", or the name alone.
func (a Actor) String() string {
	if a.Role != "" {
		return a.Username + " (" + string(a.Role) + ")"
	}
	return a.Username
}
