package domain

// The monthly round as a prefecture sees it (a roll-up's 未报/未审): for each indicator a unit
// reports for a region, where it stands at a period.

// Round states of one assignment at a period.
const (
	RoundApproved  = "approved"  // its unit's figure was approved: it is the official one
	RoundOfficial  = "official"  // nothing approved from the unit, but an official figure is in (imported)
	RoundSubmitted = "submitted" // submitted, not yet approved or returned: 未审
	RoundReturned  = "returned"  // returned to the unit for correction: 未报 until it submits again
	RoundMissing   = "missing"   // nothing submitted (or only a draft) and no official figure: 未报
)

// RoundState is where an assignment stands at a period, from the state of its unit's latest
// submission for it ("" when there is none) and whether an official figure of the period is in.
// A submitted or returned figure is owed whatever the official one: the first awaits a decision,
// the second a correction.
func RoundState(latest string, official bool) string {
	switch latest {
	case Approved:
		return RoundApproved
	case Submitted:
		return RoundSubmitted
	case Returned:
		return RoundReturned
	}
	if official {
		return RoundOfficial
	}
	return RoundMissing
}

// RoundOwed reports whether an assignment in state is still owed: not submitted (未报: missing,
// returned) or not approved (未审: submitted).
func RoundOwed(state string) bool {
	return state == RoundMissing || state == RoundReturned || state == RoundSubmitted
}
