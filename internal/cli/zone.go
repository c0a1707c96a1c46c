package cli

import (
	"time"
	_ "time/tzdata" // the zone is known on a machine without /usr/share/zoneinfo
)

// CountyZone is the zone a county's day is kept in when the machine says none: China Standard
// Time. Deadlines (a follow-up's day, a lead's response days, the reporting deadline), the
// scheduler's weekly and daily times and "today" on every page are read in the process's local
// zone; a server left in UTC — a container's default — would start the county's day at 08:00.
const CountyZone = "Asia/Shanghai"

// LocalZone is the zone `pacer` should keep the day in: nil when TZ is set (the operator chose,
// and the Go runtime has already applied it), else CountyZone.
func LocalZone(getenv func(string) string) *time.Location {
	if getenv("TZ") != "" {
		return nil
	}
	loc, err := time.LoadLocation(CountyZone)
	if err != nil {
		return nil // cannot happen: time/tzdata holds it
	}
	return loc
}
