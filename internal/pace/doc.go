// Package pace is the arithmetic of pacing an annual target (DESIGN.md §4 and §4a): growth,
// single-month values, time progress, completion, the growth the rest of the year needs,
// projections, ranking, staleness and the red/yellow/green status, and the per-tier evaluation
// built from them — for every kind of indicator (flow, count, stock, rate, level) and both
// directions, every gap signed so that positive is better.
//
// It is pure: no I/O, no clock, nothing of ours imported. Rates are in percent (50 means 50%) and
// gaps in percentage points (个百分点). A figure that cannot be computed is never a silent zero:
// functions return one of the package's sentinel errors (ErrNoBase, ErrNoValue, …), and the
// per-tier evaluation leaves the figure nil and says why in Reasons. Errors and reasons are
// message-catalogue keys ("reason.no_base"), rendered in the reader's language at the edge.
package pace
