package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/summarize/summarize/internal/eval"
)

func newEvalCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "eval RUN_DIR",
		Short: "Score a run's disputes and briefs against the _truth.json files beside its inputs",
		Long: `eval reads a run folder and, for every story whose input folder holds a
_truth.json, prints dispute recall and precision (by kind), the brief's
contradicted citations and one-sided points against the truth, and the
run's checks, per story and in total. It reads run folders only.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := os.Stat(args[0]); err != nil {
				return usageErr("eval: %v", err)
			}
			r, err := eval.Evaluate(args[0])
			if err != nil {
				return usageErr("eval: %v", err)
			}
			if len(r.Stories) == 0 {
				return usageErr("eval: no story of %s has a %s beside its inputs (%d skipped)", args[0], eval.TruthFile, len(r.Skipped))
			}
			verbose, _ := cmd.Flags().GetBool("verbose")
			if err := r.WriteText(env.stdout, verbose); err != nil {
				return err
			}
			if path, _ := cmd.Flags().GetString("json"); path != "" {
				data, err := json.MarshalIndent(r, "", "  ")
				if err != nil {
					return err
				}
				if err := os.WriteFile(path, append(data, '\n'), 0o600); err != nil {
					return fmt.Errorf("eval: %w", err)
				}
			}
			return nil
		},
	}
	cmd.Flags().String("json", "", "also write the scores as JSON to `FILE`")
	cmd.Flags().BoolP("verbose", "v", false, "list what each story missed, added, contradicted or left one-sided")
	return cmd
}
