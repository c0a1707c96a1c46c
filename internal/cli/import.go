package cli

import (
	"context"
	"fmt"

	"pacer/internal/ingest"
)

func runImport(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "import")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"no files given"}
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := ingest.ImportFiles(ctx, s, files, ingest.Options{Actor: actor()})
	if err != nil {
		return err
	}
	if lang(env) == "en" {
		fmt.Fprintf(env.Stdout, "observations: %d new, %d revised, %d unchanged\ntargets: %d new, %d revised, %d unchanged\nindicators: %d new, %d revised, %d unchanged\n",
			res.Observations.New, res.Observations.Revised, res.Observations.Unchanged, res.Targets.New, res.Targets.Revised, res.Targets.Unchanged,
			res.Indicators.New, res.Indicators.Revised, res.Indicators.Unchanged)
	} else {
		fmt.Fprintf(env.Stdout, "观测值：新增 %d，修订 %d，未变 %d\n目标：新增 %d，修订 %d，未变 %d\n指标：新增 %d，修订 %d，未变 %d\n",
			res.Observations.New, res.Observations.Revised, res.Observations.Unchanged, res.Targets.New, res.Targets.Revised, res.Targets.Unchanged,
			res.Indicators.New, res.Indicators.Revised, res.Indicators.Unchanged)
	}
	if res.BatchID == 0 {
		fmt.Fprintln(env.Stdout, map[bool]string{true: "nothing changed", false: "没有变化，未写入"}[lang(env) == "en"])
	} else {
		fmt.Fprintf(env.Stdout, "batch %d\n", res.BatchID)
	}
	return nil
}
