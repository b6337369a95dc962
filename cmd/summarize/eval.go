package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/eval"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/prompts"
)

func newEvalCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "eval RUN_DIR | eval --order PATH...",
		Short: "Score a run's disputes and briefs against the _truth.json files beside its inputs",
		Long: `eval reads a run folder and, for every story whose input folder holds a
_truth.json, prints dispute recall and precision (by kind), the brief's
contradicted citations and one-sided points against the truth, and the
run's checks, per story and in total. It reads run folders only.

With --order it runs the pipeline on the stories at PATH twice, into
temporary folders and through the same reply cache, the second time with
each story's articles in reverse order, and prints how much the brief's
sentences and the disputes' quotes changed (Jaccard, per story and in
total).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if order, _ := cmd.Flags().GetBool("order"); order {
				return evalOrder(cmd, env, args)
			}
			if len(args) != 1 {
				return usageErr("eval: one run folder, or --order PATH...")
			}
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
			return writeEvalJSON(cmd, r)
		},
	}
	cmd.Flags().String("json", "", "also write the scores as JSON to `FILE`")
	cmd.Flags().BoolP("verbose", "v", false, "list what each story missed, added, contradicted or left one-sided")
	f := cmd.Flags()
	f.Bool("order", false, "run PATH... twice, the second time with each story's articles reversed, and compare")
	f.String("provider", "", "offline or openai, for --order")
	f.String("base-url", "", "OpenAI-compatible endpoint, for --order")
	f.String("model", "", "model name, for --order")
	f.String("prompts", "", "prompt override folder, for --order")
	f.String("cache-dir", "", "model reply cache folder, for --order")
	return cmd
}

// evalOrder is "eval --order": both runs go to temporary folders, removed
// afterwards; only the comparison is printed (and written with --json).
func evalOrder(cmd *cobra.Command, env *cliEnv, paths []string) error {
	cfg, err := loadConfig(cmd, env, config.RunFlagKeys())
	if err != nil {
		return err
	}
	if err := checkKey(cfg, env.getenv); err != nil {
		return err
	}
	inputs, err := ingest.Discover(paths, ingest.Options{MaxFileBytes: cfg.Input.MaxFileBytes})
	if err != nil {
		return usageErr("eval: %v", err)
	}
	set, err := prompts.Load(cfg.PromptsDir)
	if err != nil {
		return usageErr("eval: %v", err)
	}
	tmp, err := os.MkdirTemp("", "summarize-order-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cfg.Keep, cfg.RunID = 0, "run"
	var dirs []string
	for _, name := range []string{"forward", "reversed"} {
		cfg.Out = filepath.Join(tmp, name)
		h := runHooks{log: newLogger(cfg, env)}
		if name == "reversed" {
			h.arrange = func(st *story.Story) { slices.Reverse(st.Articles) }
		}
		res, err := runStories(cmd.Context(), env, cfg, set, inputs, h)
		if err != nil {
			return err
		}
		if res.Err != nil {
			return &exitError{code: res.ExitCode, err: fmt.Errorf("eval --order: the %s run stopped: %w", name, res.Err)}
		}
		dirs = append(dirs, res.Dir)
	}
	r, err := eval.CompareOrder(dirs[0], dirs[1])
	if err != nil {
		return err
	}
	if err := r.WriteText(env.stdout); err != nil {
		return err
	}
	return writeEvalJSON(cmd, r)
}

// writeEvalJSON writes v to the file --json names, if any.
func writeEvalJSON(cmd *cobra.Command, v any) error {
	path, _ := cmd.Flags().GetString("json")
	if path == "" {
		return nil
	}
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	return nil
}
