package scorecard

import "pacer/internal/domain"

// badPeriod is the error for a period that is not YYYY-MM.
func badPeriod(period string) error {
	return domain.E(domain.EINVALID, "scorecard.period_invalid", period)
}
