package auth

import "pacer/internal/domain"

// Action is something a route does; the permission table says which roles may do it.
type Action string

const (
	Public       Action = "public"        // anyone, signed in or not: login, static assets, health
	SignedIn     Action = "signed_in"     // any account: logout, own password, language
	ViewData     Action = "view_data"     // dashboards, indicators, goal tree, scorecard and ranking
	SubmitData   Action = "submit_data"   // enter and submit its own unit's figures
	ReviewData   Action = "review_data"   // approve or return submissions, lock periods
	EditTargets  Action = "edit_targets"  // targets of both tiers
	EditGoalTree Action = "edit_goaltree" // focus points and measures
	ImportFiles  Action = "import_files"  // import statistics files
	EditUnits    Action = "edit_units"    // departments and towns: create, rename, retire, what each reports
	Configure    Action = "configure"     // the deployment's settings: home county, current year (first run)
	ExportData   Action = "export_data"   // download tables as .xlsx
	ReadAudit    Action = "read_audit"    // read and export the audit log
	ManageUsers  Action = "manage_users"  // accounts (sysadmin)
	ManageRoles  Action = "manage_roles"  // roles and policies (secadmin)
	// ViewRegisters: read the registers (key projects …); EditRegisters: change them — a reporter
	// only its own town's (the register's workflow decides which).
	ViewRegisters Action = "view_registers"
	EditRegisters Action = "edit_registers"
	ManageNotify  Action = "manage_notify" // notification subscriptions and the outbox's backlog and dead letters

	// The cadence (issue 13): dispatch agendas, snapshots, the display, follow-ups.
	ViewCadence   Action = "view_cadence"   // read agendas, minutes, snapshots, the display; their documents
	ManageCadence Action = "manage_cadence" // order the agenda, record meetings, take and annotate snapshots, run follow-ups
	ViewFollowups Action = "view_followups" // list follow-ups (a reporter: its own unit's)
	ReplyFollowup Action = "reply_followup" // reply to its unit's follow-ups, ask for an extension

	EditReport Action = "edit_report" // edit the monthly analysis's words (never its figures), mark a version final
	// ViewRollup: a prefecture's or province's regions side by side, its own figures against
	// their sum, and who has not submitted or approved the period (issue 16 §2).
	ViewRollup Action = "view_rollup"
)

// permissions is the permission table: deny by default — an action or role missing here is refused.
var permissions = map[Action][]domain.Role{
	ViewData:      {domain.RoleAnalyst, domain.RoleLeader},
	SubmitData:    {domain.RoleReporter},
	ReviewData:    {domain.RoleAnalyst},
	EditTargets:   {domain.RoleAnalyst},
	EditGoalTree:  {domain.RoleAnalyst},
	ImportFiles:   {domain.RoleAnalyst},
	EditUnits:     {domain.RoleAnalyst},
	Configure:     {domain.RoleSysadmin},
	ExportData:    {domain.RoleAnalyst, domain.RoleLeader, domain.RoleReporter},
	ReadAudit:     {domain.RoleAuditor},
	ManageUsers:   {domain.RoleSysadmin},
	ManageRoles:   {domain.RoleSecadmin},
	ViewRegisters: {domain.RoleAnalyst, domain.RoleLeader, domain.RoleReporter},
	EditRegisters: {domain.RoleAnalyst, domain.RoleReporter},
	ManageNotify:  {domain.RoleAnalyst, domain.RoleSysadmin},

	ViewCadence:   {domain.RoleAnalyst, domain.RoleLeader},
	ManageCadence: {domain.RoleAnalyst},
	ViewFollowups: {domain.RoleAnalyst, domain.RoleLeader, domain.RoleReporter},
	ReplyFollowup: {domain.RoleReporter},

	EditReport: {domain.RoleAnalyst},
	ViewRollup: {domain.RoleAnalyst, domain.RoleLeader},
}

// Can reports whether role may perform action. Public and SignedIn are decided by the caller
// (whether there is a session); every other action must be granted in the table.
func Can(role domain.Role, action Action) bool {
	switch action {
	case Public:
		return true
	case SignedIn:
		return role != ""
	}
	for _, r := range permissions[action] {
		if r == role {
			return true
		}
	}
	return false
}

// Actions lists every action with a rule, for the tests that walk the route table.
func Actions() []Action {
	out := []Action{Public, SignedIn}
	for a := range permissions {
		out = append(out, a)
	}
	return out
}

// ValidRole reports whether r is a known role.
func ValidRole(r domain.Role) bool { return r.Valid() }
