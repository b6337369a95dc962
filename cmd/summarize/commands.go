package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/cache"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/report"
	"github.com/summarize/summarize/internal/rundiff"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/pipeline"
	"github.com/summarize/summarize/prompts"
)

func newCacheCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "cache", Short: "Inspect and trim the model reply cache"}
	cmd.PersistentFlags().String("cache-dir", "", "cache folder (default from the configuration)")
	keys := map[string]string{"cache-dir": "cache.dir"}
	open := func(cmd *cobra.Command) (*cache.Cache, error) {
		cfg, err := loadConfig(cmd, env, keys)
		if err != nil {
			return nil, err
		}
		dir, err := cfg.CacheDir()
		if err != nil {
			return nil, usageErr("cache: %v", err)
		}
		return cache.Open(dir)
	}
	stats := &cobra.Command{
		Use:   "stats",
		Short: "Show the cache's size, entries and hit rate",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := open(cmd)
			if err != nil {
				return err
			}
			s, err := c.Stats()
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintf(w, "folder\t%s\n", c.Dir())
			fmt.Fprintf(w, "entries\t%d\n", s.Entries)
			fmt.Fprintf(w, "size\t%d bytes\n", s.Bytes)
			fmt.Fprintf(w, "hits\t%d\n", s.Hits)
			fmt.Fprintf(w, "misses\t%d\n", s.Misses)
			fmt.Fprintf(w, "hit rate\t%.1f%%\n", 100*s.HitRate)
			return w.Flush()
		},
	}
	prune := &cobra.Command{
		Use:   "prune",
		Short: "Remove entries unused for longer than --max-age, then the least recently used until under --max-size",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			maxAge, _ := cmd.Flags().GetDuration("max-age")
			maxSize, _ := cmd.Flags().GetInt64("max-size")
			if maxAge == 0 && maxSize == 0 {
				return usageErr("cache prune: give --max-age or --max-size (or both)")
			}
			c, err := open(cmd)
			if err != nil {
				return err
			}
			r, err := c.Prune(maxAge, maxSize)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "removed %d entries, freed %d bytes\n", r.Removed, r.FreedBytes)
			return nil
		},
	}
	prune.Flags().Duration("max-age", 0, "remove entries unused for longer than this, e.g. 720h")
	prune.Flags().Int64("max-size", 0, "then remove least recently used entries until the cache is at most this many bytes")
	clear := &cobra.Command{
		Use:   "clear",
		Short: "Remove every entry",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := open(cmd)
			if err != nil {
				return err
			}
			if err := c.Clear(); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "cleared %s\n", c.Dir())
			return nil
		},
	}
	cmd.AddCommand(stats, prune, clear)
	return cmd
}

func newPromptsCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "prompts", Short: "List, show, export and check the effective prompts, and render one against articles"}
	cmd.PersistentFlags().String("prompts", "", "folder whose prompt files override the defaults")
	keys := map[string]string{"prompts": "prompts_dir"}
	var cfg *config.Config
	load := func(cmd *cobra.Command) (*prompts.Set, error) {
		var err error
		cfg, err = loadConfig(cmd, env, keys)
		if err != nil {
			return nil, err
		}
		set, err := prompts.Load(cfg.PromptsDir)
		if err != nil {
			return nil, usageErr("%v", err)
		}
		return set, nil
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the effective prompts and the stages they define, where each comes from, and check that each renders",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			set, err := load(cmd)
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "STAGE\tSCOPE\tREADS\tOUTPUT\tORIGIN\tDIGEST\tDESCRIPTION")
			for _, name := range set.Names() {
				p, _ := set.Get(name)
				def, _ := set.Stage(name)
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, def.Scope, strings.Join(def.Reads, ","), def.Output, p.Origin, p.Digest[:12], p.Meta.Description)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			// Loading parses the templates but cannot find a misspelled
			// field, which only executing them does: render each once on
			// the built-in sample story, as a run does before its first
			// request, so that list does not pass a prompt run refuses.
			if err := pipeline.Preflight(set, nil); err != nil {
				return usageErr("prompts fail to render:\n%v", err)
			}
			return nil
		},
	}
	show := &cobra.Command{
		Use:   "show NAME",
		Short: "Print one prompt file exactly (where it comes from goes to stderr)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			set, err := load(cmd)
			if err != nil {
				return err
			}
			p, err := set.Get(args[0])
			if err != nil {
				return usageErr("%v", err)
			}
			// stdout is exactly the file, so that `prompts show brief >
			// mine/brief.md` starts a working override; where it comes
			// from goes to stderr.
			fmt.Fprintf(env.stderr, "# %s (%s)\n", p.Name, p.Origin)
			_, err = io.WriteString(env.stdout, p.Text)
			return err
		},
	}
	export := &cobra.Command{
		Use:   "export DIR",
		Short: "Write the effective prompt files into DIR, byte for byte, ready to edit and pass back with --prompts DIR",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			set, err := load(cmd)
			if err != nil {
				return err
			}
			written, err := set.Export(args[0])
			for _, path := range written {
				fmt.Fprintf(env.stdout, "wrote %s\n", path)
			}
			if err != nil {
				return usageErr("%v", err)
			}
			return nil
		},
	}
	render := &cobra.Command{
		Use:   "render NAME --article PATH [--article PATH...]",
		Short: "Print the messages a stage would send for the given articles (one story)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			set, err := load(cmd)
			if err != nil {
				return err
			}
			files, _ := cmd.Flags().GetStringArray("article")
			if len(files) == 0 {
				return usageErr("prompts render: give at least one --article FILE")
			}
			st, err := loadRenderStory(cmd.Context(), cfg, files, env.stderr)
			if err != nil {
				return err
			}
			msgs, err := renderStage(set, args[0], st)
			if err != nil {
				return usageErr("%v", err)
			}
			for _, m := range msgs {
				fmt.Fprintf(env.stdout, "=== %s\n%s\n\n", m.Role, m.Content)
			}
			return nil
		},
	}
	render.Flags().StringArray("article", nil, "article file or story folder, read as run reads it (repeat the flag for more files)")
	cmd.AddCommand(list, show, render, export)
	return cmd
}

// loadRenderStory reads the articles as `run` would read the same files
// named on its command line: one story named as run names it, the outlet
// registry (sources.yaml beside them, then the configuration's) applied,
// texts normalized and duplicates dropped, so that what render prints is
// what a run sends. Anything run would skip or report is an error here.
func loadRenderStory(ctx context.Context, cfg *config.Config, files []string, stderr io.Writer) (*story.Story, error) {
	inputs, err := ingest.Discover(files, ingest.Options{MaxFileBytes: cfg.Input.MaxFileBytes})
	if err != nil {
		return nil, usageErr("prompts render: %v", err)
	}
	if len(inputs) != 1 {
		return nil, usageErr("prompts render: the articles form %d stories; render one story at a time", len(inputs))
	}
	if err := addSourceFiles(cfg, files, inputs); err != nil {
		return nil, err
	}
	st := ingest.Load(ctx, inputs[0], ingestOptions(cfg))
	for _, w := range st.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	for _, p := range st.Problems {
		return nil, usageErr("%s: %s", p.Path, p.Err)
	}
	return st, nil
}

// renderStage renders a stage's prompt for a story, using the articles'
// own text where the stage would see summaries, and no disputed points
// or other stages' outputs (no model is called).
func renderStage(set *prompts.Set, stage string, st *story.Story) ([]prompts.Message, error) {
	p, err := set.Get(stage)
	if err != nil {
		return nil, err
	}
	d := prompts.Data{Story: prompts.StoryInfo{ID: st.ID, Name: st.Name}, FenceKind: "ARTICLE"}
	for _, a := range st.Articles {
		d.Sources = append(d.Sources, prompts.Source{ID: a.ID, Name: a.Source, Title: a.Title, URL: a.URL, Published: a.Published})
		t := prompts.Text{ID: a.ID, Source: a.Source, Title: a.Title, Published: a.Published, Text: a.Text}
		d.Summaries = append(d.Summaries, t)
		d.Articles = append(d.Articles, t)
	}
	if len(d.Articles) > 0 {
		d.Article = d.Articles[0]
	}
	return p.Render(d)
}

func newConfigCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Show the effective configuration"}
	show := &cobra.Command{
		Use:   "show",
		Short: "Print the effective configuration (defaults < file < environment), secrets redacted",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd, env, nil)
			if err != nil {
				return err
			}
			data, err := cfg.YAML()
			if err != nil {
				return err
			}
			env.stdout.Write(data)
			state := "not set"
			if cfg.APIKey(env.getenv) != "" {
				state = "set (redacted)"
			}
			fmt.Fprintf(env.stdout, "# API key from $%s: %s\n", cfg.LLM.APIKeyEnv, state)
			return nil
		},
	}
	cmd.AddCommand(show)
	return cmd
}

func newReportCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "report RUN_DIR",
		Short: "Rebuild index.html and every story's report.html of a run folder",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkRunDir(args[0]); err != nil {
				return err
			}
			if err := report.WriteRun(args[0]); err != nil {
				return &exitError{code: 1, err: err}
			}
			if err := report.RefreshRunsIndex(args[0]); err != nil {
				return &exitError{code: 1, err: err}
			}
			fmt.Fprintf(env.stdout, "wrote %s/index.html\n", strings.TrimRight(args[0], "/"))
			return nil
		},
	}
}

// checkRunDir refuses a folder that is not a run folder (one without
// manifest.json), such as the outputs folder above the runs or an input
// folder, before anything is written into it. The message points at the
// run folder the user most likely meant.
func checkRunDir(dir string) error {
	if _, err := os.Stat(dir); err != nil {
		return usageErr("report: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err == nil {
		return nil
	}
	hint := "outputs/latest"
	if _, err := os.Stat(filepath.Join(dir, "latest", "manifest.json")); err == nil {
		hint = filepath.Join(dir, "latest")
	}
	return usageErr("report: %s is not a run folder (it has no manifest.json); did you mean %s?", dir, hint)
}

func newDiffCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "diff RUN_A RUN_B",
		Short: "Show what changed between two runs: prompts, settings, disputed points, brief text, tokens and cost",
		Long: "Show what changed between two runs. A run is a run folder's path, or a run ID or \"latest\"\n" +
			"under --out (default from the configuration, outputs).",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(cmd, env, map[string]string{"out": "out"})
			if err != nil {
				return err
			}
			var dirs [2]string
			for i, arg := range args {
				if dirs[i], err = resolveRun(cfg.Out, arg); err != nil {
					return usageErr("diff: %v", err)
				}
			}
			d, err := rundiff.Compare(dirs[0], dirs[1])
			if err != nil {
				return usageErr("diff: %v", err)
			}
			if out, _ := cmd.Flags().GetString("html"); out != "" {
				f, err := os.Create(out)
				if err != nil {
					return usageErr("diff: %v", err)
				}
				if err := d.WriteHTML(f); err != nil {
					f.Close()
					return err
				}
				return f.Close()
			}
			return d.WriteText(env.stdout)
		},
	}
	cmd.Flags().String("html", "", "write the comparison as an HTML page to this file")
	cmd.Flags().String("out", "", "folder of run folders in which run IDs and latest are looked up")
	return cmd
}

// resolveRun finds the run folder arg names: a folder path as given, else
// a run ID or "latest" under out.
func resolveRun(out, arg string) (string, error) {
	if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
		return arg, nil
	}
	id := arg
	if arg == "latest" {
		latest, err := pipeline.LatestRun(out)
		if err != nil {
			return "", fmt.Errorf("no latest run in %s: %v", out, err)
		}
		id = latest
	}
	dir := filepath.Join(out, id)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() || !filepath.IsLocal(id) {
		return "", fmt.Errorf("no run folder %s, nor a run %q under %s (see summarize runs)", arg, id, out)
	}
	return dir, nil
}

func newRunsCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "runs",
		Short: "List the run folders under --out with their status and counts, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd, env, map[string]string{"out": "out"})
			if err != nil {
				return err
			}
			runs, err := listRuns(cfg.Out)
			if err != nil {
				return usageErr("runs: %v", err)
			}
			latest, _ := pipeline.LatestRun(cfg.Out)
			w := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "RUN\tSTATUS\tSTARTED\tPROVIDER\tMODEL\tSTORIES\tFAILED\tREUSED\tREQUESTS\tCACHE HITS\tCOST")
			for _, r := range runs {
				id := r.id
				if id == latest {
					id += " (latest)"
				}
				m := r.m
				if m == nil {
					fmt.Fprintf(w, "%s\t%s\t\t\t\t\t\t\t\t\t\n", id, r.problem)
					continue
				}
				t := m.Totals
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t$%.4f\n", id, m.Status, m.Started.Format(time.RFC3339),
					m.Provider, m.Model, t.Stories, t.StoriesFailed, t.StoriesReused, t.Calls, t.CacheHits, t.CostUSD)
			}
			return w.Flush()
		},
	}
	cmd.Flags().String("out", "", "folder of run folders (default from the configuration, outputs)")
	return cmd
}

// runEntry is one folder of an output folder: a run with its manifest, or
// a folder whose manifest cannot be read, and why.
type runEntry struct {
	id      string
	m       *manifest.Manifest
	problem string
}

// listRuns returns the run folders of out, oldest first by start time
// (folders without a manifest last, by name). A folder is a run folder
// when it holds a manifest.json or a story folder; others are skipped.
func listRuns(out string) ([]runEntry, error) {
	entries, err := os.ReadDir(out)
	if err != nil {
		return nil, err
	}
	var runs []runEntry
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		dir := filepath.Join(out, e.Name())
		m, err := manifest.Read(filepath.Join(dir, "manifest.json"))
		switch {
		case err == nil:
			runs = append(runs, runEntry{id: e.Name(), m: m})
		case errors.Is(err, fs.ErrNotExist):
			if hasStoryFolder(dir) {
				runs = append(runs, runEntry{id: e.Name(), problem: "no manifest (still running, or stopped by a crash)"})
			}
		default:
			runs = append(runs, runEntry{id: e.Name(), problem: "unreadable manifest: " + err.Error()})
		}
	}
	sort.SliceStable(runs, func(i, j int) bool {
		a, b := runs[i].m, runs[j].m
		switch {
		case a != nil && b != nil:
			return a.Started.Before(b.Started)
		case a != nil || b != nil:
			return a != nil
		}
		return runs[i].id < runs[j].id
	})
	return runs, nil
}

func hasStoryFolder(dir string) bool {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(dir, e.Name(), "story.json")); e.IsDir() && err == nil {
			return true
		}
	}
	return false
}
