package scorecard

import (
	"context"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// The figure that counts. The bureau's observations and the figures the registers derive (key
// projects, attraction leads, enterprises) are kept apart in the store; for each region,
// indicator and period the scorecard, its series and rankings count one of them: the one of the
// indicator's figure basis (official unless an analyst chose the register), else the other when
// the chosen one has no figure for that period (domain.CountingFigure).

type dualKey struct{ region, indicator, period string }

// dual is what the store holds for one key when a register figure exists: both figures when both
// exist, and which one counts.
type dual struct {
	official, register *float64
	registerName       string // projects | leads | enterprises
	registerSample     bool   // the register figure is 示例
	basis              domain.FigureBasis
}

// duals holds the keys that have a register figure; a key without one counts its official figure.
type duals map[dualKey]dual

// counting reads the observations q selects (current ones) with the register figures of the same
// selection, and returns the figure that counts for each key, and the keys with a register figure.
func counting(ctx context.Context, st *store.Store, q store.ObservationQuery) ([]domain.Observation, duals, error) {
	obs, err := st.Observations(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	rq := q
	rq.Brief, rq.AllRevisions = false, false
	regs, err := st.RegisterFigures(ctx, rq)
	if err != nil || len(regs) == 0 {
		return obs, nil, err
	}
	bases, err := st.FigureBases(ctx)
	if err != nil {
		return nil, nil, err
	}
	at := make(map[dualKey]int, len(obs))
	for i, o := range obs {
		at[dualKey{o.RegionCode, o.IndicatorCode, o.Period}] = i
	}
	d := make(duals, len(regs))
	for _, r := range regs {
		k := dualKey{r.Region, r.Indicator, r.Period}
		ro := r.Observation()
		basis := bases[r.Indicator]
		if basis == "" {
			basis = domain.BasisOfficial
		}
		i, both := at[k]
		var off *domain.Observation
		if both {
			o := obs[i]
			off = &o
		}
		chosen, b, _ := domain.CountingFigure(basis, off, &ro)
		x := dual{registerName: r.Register, registerSample: r.Sample, basis: b}
		if both {
			x.official, x.register = off.Value, ro.Value
			obs[i] = chosen
		} else {
			obs = append(obs, chosen)
		}
		d[k] = x
	}
	return obs, d, nil
}

// label sets on l where its figure at period comes from and, when the register also has one,
// both figures, and whether the register's is 示例 (a 示例 register figure that counts makes the
// line's own Sample true, as any 示例 observation does).
func (d duals) label(l *Line, region, period string) {
	l.Basis = string(domain.BasisOfficial)
	x, ok := d[dualKey{region, l.Code, period}]
	if !ok {
		return
	}
	l.Basis, l.Register = string(x.basis), x.registerName
	l.OfficialValue, l.RegisterValue = x.official, x.register
	l.RegisterSample = x.registerSample
}
