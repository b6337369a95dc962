package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/report"
	"github.com/summarize/summarize/internal/rundiff"
	"github.com/summarize/summarize/pipeline"
	"github.com/summarize/summarize/prompts"
)

func newCompareCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "compare --prompts A --prompts B [--html FILE] PATH...",
		Short: "Run two prompt folders over the same stories through one cache and show the results side by side",
		Long: "Run two prompt folders over the same stories, one after the other, through one reply cache\n" +
			"(what the variants share is sent once), into two run folders under --out named RUN-a and\n" +
			"RUN-b, and show story by story brief A beside brief B, the disputed points and checks of each,\n" +
			"and the tokens and cost of each variant. --html FILE writes the comparison as a page.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCompare(cmd, env, args)
		},
	}
	f := cmd.Flags()
	f.StringArray("prompts", nil, "prompt folder of a variant; give it twice, A then B")
	f.String("html", "", "write the comparison as an HTML page to this file")
	f.String("provider", "", "openai (any OpenAI-compatible endpoint); the offline engine ignores prompts")
	f.String("base-url", "", "OpenAI-compatible endpoint, e.g. http://localhost:11434/v1")
	f.String("model", "", "model name for every stage without an override")
	f.String("out", "", "folder under which the two run folders are written (default outputs)")
	f.String("run-id", "", "base name of the run folders, which get -a and -b (default a UTC timestamp)")
	f.String("cache-dir", "", "model reply cache folder")
	f.Bool("no-cache", false, "start from an empty cache of this comparison's own (shared calls are still sent once)")
	f.Int("concurrency", 0, "model calls in flight at once, across all stories")
	f.String("log-format", "", "auto (text on a terminal, else json), text or json")
	return cmd
}

// compareFlagKeys are the run flags compare shares; --prompts is its own,
// given once per variant.
func compareFlagKeys() map[string]string {
	keys := config.RunFlagKeys()
	delete(keys, "prompts")
	return keys
}

func runCompare(cmd *cobra.Command, env *cliEnv, paths []string) (err error) {
	cfg, err := loadConfig(cmd, env, compareFlagKeys())
	if err != nil {
		return err
	}
	dirs, _ := cmd.Flags().GetStringArray("prompts")
	if len(dirs) != 2 {
		return usageErr("compare: give --prompts exactly twice, variant A then variant B (got %d); `summarize prompts export DIR` writes the defaults to start from", len(dirs))
	}
	if cfg.Provider == "offline" {
		return usageErr("compare: the offline engine ignores prompts; use --provider openai (with --base-url for a local server)")
	}
	if err := checkKey(cfg, env.getenv); err != nil {
		return err
	}
	red := newRedactor(cfg.APIKey(env.getenv))
	defer func() { err = red.Err(err) }()
	env = red.env(env)
	inputs, err := ingest.Discover(paths, ingest.Options{MaxFileBytes: cfg.Input.MaxFileBytes})
	if err != nil {
		return usageErr("%v", err)
	}
	if err := addSourceFiles(cfg, paths, inputs); err != nil {
		return err
	}
	// Both variants are checked before either sends anything.
	var sets [2]*prompts.Set
	for i, dir := range dirs {
		if sets[i], err = prompts.Load(dir); err != nil {
			return usageErr("compare, variant %c: %v", 'A'+i, err)
		}
		if err := checkPrompts(cmd.Context(), cfg, sets[i], inputs); err != nil {
			return err
		}
	}
	if !cfg.Cache.Enabled {
		// One cache is what lets the variants share their common calls;
		// without the user's, a fresh one lives as long as the command.
		tmp, err := os.MkdirTemp("", "summarize-compare-cache-")
		if err != nil {
			return usageErr("compare: %v", err)
		}
		defer os.RemoveAll(tmp)
		cfg.Cache.Enabled, cfg.Cache.Dir = true, tmp
	}
	base := cfg.RunID
	if base == "" {
		base = time.Now().UTC().Format("20060102T150405Z")
	}
	// What would stop the second variant or the page is found before the
	// first variant spends anything.
	for _, id := range []string{base + "-a", base + "-b"} {
		if _, err := os.Lstat(filepath.Join(cfg.Out, id)); err == nil {
			return usageErr("compare: run folder %s exists; choose another --run-id", filepath.Join(cfg.Out, id))
		}
	}
	page, _ := cmd.Flags().GetString("html")
	if page != "" {
		if fi, err := os.Stat(filepath.Dir(page)); err != nil || !fi.IsDir() {
			return usageErr("compare: --html %s: its folder does not exist", page)
		}
	}
	log := newLogger(cfg, env)
	var results [2]*pipeline.Result
	for i, dir := range dirs {
		vcfg := *cfg
		vcfg.PromptsDir, vcfg.RunID = dir, fmt.Sprintf("%s-%c", base, 'a'+i)
		res, err := runStories(cmd.Context(), env, &vcfg, sets[i], inputs, runHooks{log: log.With("variant", string(rune('A'+i))), redact: red.String})
		if err != nil {
			return err
		}
		if err := report.WriteRun(res.Dir); err != nil {
			log.Error("report", "error", err)
		}
		results[i] = res
		if res.ExitCode == 2 || res.ExitCode == 130 {
			// A rejected key or an interruption: the other variant
			// would fare no better.
			return &exitError{code: res.ExitCode, err: fmt.Errorf("compare, variant %c: run %s: %s; see %s", 'A'+i, res.Manifest.RunID, res.Manifest.Status, filepath.Join(res.Dir, "manifest.json"))}
		}
	}
	sheet, err := rundiff.Variants(results[0].Dir, results[1].Dir, dirs[0], dirs[1])
	if err != nil {
		return &exitError{code: 1, err: fmt.Errorf("compare: %w", err)}
	}
	if page != "" {
		sheet.PageDir = filepath.Dir(page)
		if err := writePage(page, sheet.WriteHTML); err != nil {
			return usageErr("compare: %v", err)
		}
		fmt.Fprintf(env.stderr, "wrote %s\n", page)
	}
	if err := sheet.WriteText(env.stdout); err != nil {
		return err
	}
	code := max(results[0].ExitCode, results[1].ExitCode)
	if code != 0 {
		return &exitError{code: code, err: fmt.Errorf("compare: variant runs %s (%s) and %s (%s); the comparison is complete, see their manifests",
			results[0].Manifest.RunID, results[0].Manifest.Status, results[1].Manifest.RunID, results[1].Manifest.Status)}
	}
	return nil
}

// writePage writes a page through write into path, replacing it only once
// it is complete.
func writePage(path string, write func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".compare-*.html")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
