package main

import (
	"bytes"
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/summarize/summarize/internal/batch"
	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/llm"
	"github.com/summarize/summarize/internal/manifest"
)

// batchCorpus is the corpus of the batch tests: 4 stories of 3 articles,
// so 12 summaries, 4 disputes and 4 briefs: 20 calls in three waves.
const (
	batchStories, batchArticles = 4, 3
	batchCalls                  = batchStories*batchArticles + 2*batchStories
)

// batchEnv is the environment of a batch run: polls in milliseconds.
func batchEnv(more ...string) map[string]string {
	env := map[string]string{
		"OPENAI_API_KEY":                   testKey,
		"SUMMARIZE_LLM_BATCH_POLL_INITIAL": "1ms",
		"SUMMARIZE_LLM_BATCH_POLL_MAX":     "2ms",
	}
	for i := 0; i+1 < len(more); i += 2 {
		env[more[i]] = more[i+1]
	}
	return env
}

type batchFixture struct {
	srv *fakeai.Server
	r   *llmRun
	in  string
}

func newBatchFixture(t *testing.T, opts fakeai.Options) *batchFixture {
	t.Helper()
	srv := fakeai.New(opts)
	t.Cleanup(srv.Close)
	in := filepath.Join(t.TempDir(), "in")
	writeCorpus(t, in, batchStories, batchArticles)
	return &batchFixture{srv: srv, r: newLLMRun(t, srv.URL(), ""), in: in}
}

// run runs `summarize run --batch` with more flags.
func (f *batchFixture) run(t *testing.T, ctx context.Context, env map[string]string, runID string, more ...string) cliResult {
	t.Helper()
	return runCLI(t, ctx, env, f.r.args(runID, append([]string{"--batch", "--model", "gpt-4o-mini"}, more...), f.in)...)
}

// submittedLines returns how often each custom_id was submitted, read from
// the input files the fake holds, through the Files API.
func submittedLines(t *testing.T, f *batchFixture) map[string]int {
	t.Helper()
	state, err := batch.LoadState(f.r.out)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, r := range state.Batches {
		for _, id := range r.Lines {
			counts[id]++
		}
	}
	return counts
}

// The first "done when": a run over several stories with --batch
// sends its work as batches only, writes every output (the same as a
// direct run), records every call as a batch call at the batch price, and
// a re-run sends nothing.
func TestBatchRun(t *testing.T) {
	f := newBatchFixture(t, fakeai.Options{})
	ctx := context.Background()
	res := f.run(t, ctx, batchEnv(), "first")
	if res.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.code, res.stdout, tail(res.stderr, 2000))
	}
	if n := f.srv.ChatRequests(); n != 0 {
		t.Errorf("%d direct chat requests, want 0", n)
	}
	st := f.srv.BatchStats()
	if st.Lines != batchCalls || st.Batches != 3 || st.Failed != 0 {
		t.Errorf("batch stats %+v, want %d lines in 3 batches (summaries, disputes, then the briefs that read them)", st, batchCalls)
	}
	runDir := filepath.Join(f.r.out, "first")
	m := readManifest(t, runDir)
	if m.Status != "complete" || len(m.Stories) != batchStories {
		t.Fatalf("manifest status %s, %d stories", m.Status, len(m.Stories))
	}
	checkStoryOutputs(t, runDir, m)
	if m.Totals.BatchCalls != batchCalls || m.Totals.Calls != batchCalls {
		t.Errorf("totals %+v, want %d batch calls", m.Totals, batchCalls)
	}
	// gpt-4o-mini is priced at 0.15 and 0.60 USD per million tokens;
	// batch_discount 0.5 halves it.
	var full float64
	for _, c := range m.Calls {
		if c.Batch == "" || c.Cache != "miss" || c.Attempts != 1 || c.Error != "" {
			t.Errorf("call %+v, want a batch call sent once", c)
		}
		full += (float64(c.PromptTokens)*0.15 + float64(c.CompletionTokens)*0.60) / 1e6
	}
	if full == 0 || math.Abs(m.Totals.CostUSD-full/2) > 1e-12 {
		t.Errorf("cost %g, want half of %g", m.Totals.CostUSD, full)
	}
	if !strings.Contains(res.stdout, "batch calls") {
		t.Errorf("summary does not count batch calls:\n%s", res.stdout)
	}

	// The same corpus sent directly writes the same files.
	direct := newLLMRun(t, f.srv.URL(), "")
	if res := runCLI(t, ctx, batchEnv(), direct.args("direct", []string{"--model", "gpt-4o-mini"}, f.in)...); res.code != 0 {
		t.Fatalf("direct run: exit %d\n%s", res.code, tail(res.stderr, 2000))
	}
	for _, s := range m.Stories {
		for _, name := range append([]string{"brief.md", "disputes.json"}, sourceFiles(s)...) {
			a, errA := os.ReadFile(filepath.Join(runDir, s.Dir, name))
			b, errB := os.ReadFile(filepath.Join(direct.out, "direct", s.Dir, name))
			if errA != nil || errB != nil || !bytes.Equal(a, b) {
				t.Errorf("%s/%s differs between the batch run and a direct run (%v, %v)", s.Dir, name, errA, errB)
			}
		}
	}

	before := f.srv.Requests()
	res = f.run(t, ctx, batchEnv(), "again")
	if res.code != 0 || f.srv.Requests() != before {
		t.Errorf("re-run: exit %d, %d requests, want 0, 0", res.code, f.srv.Requests()-before)
	}
	// With nothing to carry over, every reply comes from the cache.
	res = runCLI(t, ctx, batchEnv(), f.r.args("fresh", []string{"--batch", "--model", "gpt-4o-mini", "--out", filepath.Join(t.TempDir(), "o")}, f.in)...)
	if res.code != 0 || f.srv.Requests() != before {
		t.Errorf("cache-only re-run: exit %d, %d requests, want 0, 0", res.code, f.srv.Requests()-before)
	}
}

func sourceFiles(s manifest.Story) []string {
	var out []string
	for _, a := range s.Articles {
		out = append(out, filepath.Join("sources", a+".md"))
	}
	return out
}

// --batch --no-wait submits, records and exits 0 with status pending; the
// next invocation completes without submitting any line a second time,
// whether it waits or is another --no-wait of a schedule.
func TestBatchNoWait(t *testing.T) {
	for _, waitAtEnd := range []bool{true, false} {
		name := "then wait"
		if !waitAtEnd {
			name = "no-wait each time"
		}
		t.Run(name, func(t *testing.T) {
			f := newBatchFixture(t, fakeai.Options{})
			ctx := context.Background()
			res := f.run(t, ctx, batchEnv(), "r1", "--no-wait")
			if res.code != 0 || !strings.Contains(res.stdout, "pending") {
				t.Fatalf("exit %d\n%s\n%s", res.code, res.stdout, tail(res.stderr, 2000))
			}
			if _, err := os.Stat(filepath.Join(f.r.out, "r1")); err == nil {
				t.Error("a pending run wrote a run folder")
			}
			if !strings.Contains(res.stderr, `"msg":"run pending"`) {
				t.Errorf("no run pending log line:\n%s", tail(res.stderr, 2000))
			}
			invocations := 1
			for ; invocations < 12; invocations++ {
				var more []string
				if !waitAtEnd {
					more = []string{"--no-wait"}
				}
				res = f.run(t, ctx, batchEnv(), "r1", more...)
				if res.code != 0 {
					t.Fatalf("invocation %d: exit %d\n%s", invocations+1, res.code, tail(res.stderr, 2000))
				}
				if !strings.Contains(res.stdout, "pending") {
					break
				}
			}
			if waitAtEnd && invocations != 1 {
				t.Errorf("%d invocations after the first, want 1", invocations)
			}
			m := readManifest(t, filepath.Join(f.r.out, "r1"))
			if m.Status != "complete" || m.Totals.BatchCalls != batchCalls {
				t.Errorf("status %s, %d batch calls", m.Status, m.Totals.BatchCalls)
			}
			for id, n := range submittedLines(t, f) {
				if n != 1 {
					t.Errorf("line %s submitted %d times", id, n)
				}
			}
			if st := f.srv.BatchStats(); st.Lines != batchCalls || f.srv.ChatRequests() != 0 {
				t.Errorf("stats %+v and %d chat requests, want %d lines and none", st, f.srv.ChatRequests(), batchCalls)
			}
		})
	}
}

// A run killed while it waits (its context cancelled at its first poll,
// after submitting) leaves the batch recorded; the next run re-attaches,
// and no line is submitted twice. A second run while the first waits is
// refused by the output folder's lock.
func TestBatchKilledWhileWaiting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var f *batchFixture
	var second cliResult
	polls := 0
	f = newBatchFixture(t, fakeai.Options{Batch: fakeai.BatchOptions{OnRetrieve: func(string) {
		polls++
		if polls == 1 {
			second = f.run(t, context.Background(), batchEnv(), "other")
			cancel()
		}
	}}})
	res := f.run(t, ctx, batchEnv(), "killed")
	if res.code != 130 {
		t.Fatalf("exit %d, want 130\n%s", res.code, tail(res.stderr, 2000))
	}
	if second.code != 2 || !strings.Contains(second.stderr, "locked") {
		t.Errorf("a second run while the first waits: exit %d\n%s", second.code, second.stderr)
	}
	state, err := batch.LoadState(f.r.out)
	if err != nil || len(state.Batches) != 1 || len(state.Batches[0].Lines) != batchStories*batchArticles {
		t.Fatalf("state after the kill: %+v, %v", state, err)
	}
	res = f.run(t, context.Background(), batchEnv(), "resumed")
	if res.code != 0 {
		t.Fatalf("resumed run: exit %d\n%s", res.code, tail(res.stderr, 2000))
	}
	for id, n := range submittedLines(t, f) {
		if n != 1 {
			t.Errorf("line %s submitted %d times", id, n)
		}
	}
	if st := f.srv.BatchStats(); st.Lines != batchCalls || st.Batches != 3 {
		t.Errorf("stats %+v, want %d lines in 3 batches", st, batchCalls)
	}
}

// A run killed after the provider made a batch but before it learned the
// batch's ID (its context cancelled while the creation is answered)
// leaves the input file recorded; the next run finds the batch in the
// provider's list and re-attaches, so no line is submitted twice. An
// input file that never became a batch is dropped and its lines are
// submitted.
func TestBatchKilledWhileCreating(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := newBatchFixture(t, fakeai.Options{Batch: fakeai.BatchOptions{OnCreate: func(string) bool { cancel(); return false }}})
	if res := f.run(t, ctx, batchEnv(), "killed"); res.code != 130 {
		t.Fatalf("exit %d, want 130\n%s", res.code, tail(res.stderr, 2000))
	}
	state, err := batch.LoadState(f.r.out)
	if err != nil || len(state.Batches) != 1 || state.Batches[0].ID != "" || state.Batches[0].InputFileID == "" {
		t.Fatalf("state after the kill: %+v, %v", state, err)
	}
	list := runCLI(t, context.Background(), batchEnv(), "batches", "--out", f.r.out, "--base-url", f.srv.URL())
	if list.code != 0 || !strings.Contains(list.stdout, "creating") {
		t.Errorf("batches: exit %d\n%s%s", list.code, list.stdout, list.stderr)
	}
	// An input file uploaded by a run that died before creating its
	// batch.
	c, err := batch.New(batch.Config{BaseURL: f.srv.URL()})
	if err != nil {
		t.Fatal(err)
	}
	l, err := batch.NewLine(llm.Request{Model: "gpt-4o-mini", Messages: []llm.Message{{Role: "user", Content: "A request no run makes."}}})
	if err != nil {
		t.Fatal(err)
	}
	orphan, err := c.Upload(context.Background(), []batch.Line{l})
	if err != nil {
		t.Fatal(err)
	}
	state.Add(batch.Record{InputFileID: orphan, Lines: []string{l.ID}})
	if err := state.Save(f.r.out); err != nil {
		t.Fatal(err)
	}

	f.srv.SetOptions(fakeai.Options{})
	res := f.run(t, context.Background(), batchEnv(), "resumed")
	if res.code != 0 {
		t.Fatalf("resumed run: exit %d\n%s", res.code, tail(res.stderr, 2000))
	}
	for _, want := range []string{"re-attached to a batch whose creation was not recorded", "an input file never became a batch"} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("no %q in the log", want)
		}
	}
	if st := f.srv.BatchStats(); st.Lines != batchCalls || st.Batches != 3 {
		t.Errorf("stats %+v, want %d lines in 3 batches: none submitted twice", st, batchCalls)
	}
}

// Lines that fail or expire are retried in a follow-up batch and counted
// in the manifest's attempts; once the retries are spent they fail, or
// are sent directly when llm.batch_fallback says so.
func TestBatchFailedLines(t *testing.T) {
	script := []fakeai.Fault{fakeai.ServerError, fakeai.Hang, fakeai.Truncated}
	tests := []struct {
		name                        string
		env                         []string
		code, lines, chat, attempts int
		errors                      int
	}{
		{"retried", nil, 0, batchCalls + 3, 0, 2, 0},
		{"retries spent, fail", []string{"SUMMARIZE_LLM_BATCH_RETRIES", "0"}, 1, batchCalls - 2*1 - 1, 0, 1, 3},
		{"retries spent, direct", []string{"SUMMARIZE_LLM_BATCH_RETRIES", "0", "SUMMARIZE_LLM_BATCH_FALLBACK", "direct"}, 0, batchCalls, 3, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newBatchFixture(t, fakeai.Options{Batch: fakeai.BatchOptions{Script: script}})
			res := f.run(t, context.Background(), batchEnv(tt.env...), "r")
			if res.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", res.code, tt.code, tail(res.stderr, 3000))
			}
			// The truncated reply is a 200 in the output file, which the
			// client refuses as a direct reply would be refused.
			st := f.srv.BatchStats()
			if st.Failed != 2 || f.srv.ChatRequests() != tt.chat {
				t.Errorf("%d lines in error files, %d chat requests; want 2, %d", st.Failed, f.srv.ChatRequests(), tt.chat)
			}
			m := readManifest(t, filepath.Join(f.r.out, "r"))
			if len(m.Errors) != tt.errors {
				t.Errorf("%d errors, want %d: %+v", len(m.Errors), tt.errors, m.Errors)
			}
			retried := 0
			for _, c := range m.Calls {
				if c.Attempts == 2 {
					retried++
				}
			}
			if tt.attempts == 2 && retried != len(script) {
				t.Errorf("%d calls sent twice, want %d", retried, len(script))
			}
			if tt.name == "retried" && st.Lines != tt.lines {
				t.Errorf("%d lines run, want %d", st.Lines, tt.lines)
			}
			for _, e := range m.Errors {
				if !strings.Contains(e.Error, "batches failed the request") {
					t.Errorf("error %q does not say the batches failed", e.Error)
				}
			}
		})
	}
}

// A disputes reply that fails validation is sent back for repair in the
// next wave, as a direct call sends it back at once.
func TestBatchRepairsInvalidReply(t *testing.T) {
	script := make([]fakeai.Fault, batchStories*batchArticles+1)
	script[len(script)-1] = fakeai.Malformed // the first disputes line
	f := newBatchFixture(t, fakeai.Options{Batch: fakeai.BatchOptions{Script: script}})
	res := f.run(t, context.Background(), batchEnv(), "r")
	if res.code != 0 {
		t.Fatalf("exit %d\n%s", res.code, tail(res.stderr, 3000))
	}
	st := f.srv.BatchStats()
	if st.Lines != batchCalls+1 || f.srv.ChatRequests() != 0 {
		t.Errorf("%d lines, %d chat requests; want %d and 0", st.Lines, f.srv.ChatRequests(), batchCalls+1)
	}
	m := readManifest(t, filepath.Join(f.r.out, "r"))
	repaired := 0
	for _, c := range m.Calls {
		if c.Stage == "disputes" && c.Attempts == 2 && c.Error == "" && c.Batch != "" {
			repaired++
		}
	}
	if repaired != 1 || m.Status != "complete" {
		t.Errorf("%d disputes calls repaired, status %s; want 1, complete", repaired, m.Status)
	}
}

// A rejected key stops a batch run at once with exit 2, and the key is
// never printed.
func TestBatchRejectedKey(t *testing.T) {
	const wrong = "sk-wrong-B4tch-k3y-9f8e7d"
	f := newBatchFixture(t, fakeai.Options{RequireKey: testKey})
	env := batchEnv()
	env["OPENAI_API_KEY"] = wrong
	res := f.run(t, context.Background(), env, "r")
	if res.code != 2 || !strings.Contains(res.stderr, "rejected") {
		t.Errorf("exit %d, want 2 saying the key was rejected\n%s", res.code, tail(res.stderr, 2000))
	}
	if strings.Contains(res.stdout+res.stderr, wrong) {
		t.Error("the key was printed")
	}
	if st := f.srv.BatchStats(); st.Files != 0 || st.Batches != 0 {
		t.Errorf("stats %+v after a rejected key", st)
	}
}

// summarize batches lists the recorded batches with the provider's
// current status, and --cancel cancels those still running; a run then
// fails their lines rather than submitting them again, and the run after
// it starts afresh.
func TestBatchesCommand(t *testing.T) {
	f := newBatchFixture(t, fakeai.Options{})
	ctx := context.Background()
	if res := f.run(t, ctx, batchEnv(), "r1", "--no-wait"); res.code != 0 {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	list := func(more ...string) cliResult {
		return runCLI(t, ctx, batchEnv(), append([]string{"batches", "--out", f.r.out, "--base-url", f.srv.URL()}, more...)...)
	}
	state, _ := batch.LoadState(f.r.out)
	id := state.Batches[0].ID
	res := list()
	if res.code != 0 || !regexp.MustCompile(id+`\s+(in_progress|finalizing)\s+gpt-4o-mini\s+12`).MatchString(res.stdout) {
		t.Errorf("batches: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	res = list("--cancel")
	if res.code != 0 || !regexp.MustCompile(id+`\s+cancelled`).MatchString(res.stdout) || f.srv.BatchStats().Cancelled != 1 {
		t.Errorf("batches --cancel: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	res = f.run(t, ctx, batchEnv(), "r2")
	if res.code != 1 {
		t.Errorf("run after a cancel: exit %d, want 1 (its summaries failed)\n%s", res.code, tail(res.stderr, 2000))
	}
	if st := f.srv.BatchStats(); st.Batches != 1 {
		t.Errorf("%d batches after the cancel, want 1: cancelled lines are not resubmitted", st.Batches)
	}
	if res := f.run(t, ctx, batchEnv(), "r3"); res.code != 0 {
		t.Errorf("the run after: exit %d\n%s", res.code, tail(res.stderr, 2000))
	}
}

// Stages defined by prompt files go through batches too: the claims of
// examples/_prompts/claims (one per article, reading only the article)
// join the summaries' wave, and the disputes that compare them the next.
func TestBatchPromptStages(t *testing.T) {
	f := newBatchFixture(t, fakeai.Options{})
	prompts := filepath.Join("..", "..", "examples", "_prompts", "claims")
	res := f.run(t, context.Background(), batchEnv(), "claims", "--prompts", prompts)
	if res.code != 0 {
		t.Fatalf("exit %d\n%s", res.code, tail(res.stderr, 3000))
	}
	m := readManifest(t, filepath.Join(f.r.out, "claims"))
	byStage := map[string]int{}
	for _, c := range m.Calls {
		byStage[c.Stage]++
		if c.Batch == "" {
			t.Errorf("call %s %s/%s not answered by a batch", c.Stage, c.Story, c.Article)
		}
	}
	articles := batchStories * batchArticles
	if byStage["claims"] != articles || byStage["disputes"] != batchStories {
		t.Errorf("calls by stage %v, want %d claims and %d disputes", byStage, articles, batchStories)
	}
	st := f.srv.BatchStats()
	if f.srv.ChatRequests() != 0 || st.Lines != len(m.Calls) || st.Batches != 3 {
		t.Errorf("%d chat requests, stats %+v for %d calls; want 0 and three waves", f.srv.ChatRequests(), st, len(m.Calls))
	}
	for _, s := range m.Stories {
		if s.Status != "done" {
			t.Errorf("story %s: %s", s.ID, s.Status)
		}
	}
}

// The dry run prices the batch: the same calls at batch_discount off.
func TestDryRunBatchPrice(t *testing.T) {
	f := newBatchFixture(t, fakeai.Options{})
	res := f.run(t, context.Background(), batchEnv(), "", "--dry-run")
	if res.code != 0 {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	full := regexp.MustCompile(`estimated cost: at most \$([0-9.]+)`).FindStringSubmatch(res.stdout)
	half := regexp.MustCompile(`with --batch: at most \$([0-9.]+)`).FindStringSubmatch(res.stdout)
	if full == nil || half == nil {
		t.Fatalf("no batch price in\n%s", res.stdout)
	}
	a, _ := strconv.ParseFloat(full[1], 64)
	b, _ := strconv.ParseFloat(half[1], 64)
	if a == 0 || math.Abs(b-a/2) > 0.0001 {
		t.Errorf("batch price %g for %g", b, a)
	}
	if f.srv.Requests() != 0 {
		t.Errorf("the dry run sent %d requests", f.srv.Requests())
	}
}

// BenchmarkBatchRun runs 50 stories of 5 articles through --batch against
// the fake, with input files split at 100 lines, and then directly, and
// reports what each sent and what it cost:
//
//	go test -run '^$' -bench BatchRun -benchtime 1x ./cmd/summarize/
func BenchmarkBatchRun(b *testing.B) {
	for range b.N {
		srv := fakeai.New(fakeai.Options{Batch: fakeai.BatchOptions{MaxLines: 100}})
		in := filepath.Join(b.TempDir(), "in")
		writeCorpus(b, in, 50, 5)
		env := batchEnv("SUMMARIZE_LLM_BATCH_MAX_LINES", "100")
		batched := newLLMRun(b, srv.URL(), "")
		if res := runCLI(b, context.Background(), env, batched.args("b", []string{"--batch", "--model", "gpt-4o-mini"}, in)...); res.code != 0 {
			b.Fatalf("batch run: exit %d\n%s", res.code, tail(res.stderr, 2000))
		}
		st, chat := srv.BatchStats(), srv.ChatRequests()
		direct := newLLMRun(b, srv.URL(), "")
		if res := runCLI(b, context.Background(), env, direct.args("d", []string{"--model", "gpt-4o-mini"}, in)...); res.code != 0 {
			b.Fatalf("direct run: exit %d\n%s", res.code, tail(res.stderr, 2000))
		}
		mb, md := readManifest(b, filepath.Join(batched.out, "b")), readManifest(b, filepath.Join(direct.out, "d"))
		b.ReportMetric(float64(st.Lines), "lines")
		b.ReportMetric(float64(st.Batches), "batches")
		b.ReportMetric(float64(st.Requests), "batch-api-requests")
		b.ReportMetric(float64(chat), "batch-chat-requests")
		b.ReportMetric(float64(srv.ChatRequests()-chat), "direct-chat-requests")
		b.ReportMetric(mb.Totals.CostUSD/md.Totals.CostUSD, "cost-ratio")
		srv.Close()
	}
}

// The scheduled batch examples in deploy/ run `summarize run --batch
// --no-wait` with flags the run command knows.
func TestDeployBatchExamples(t *testing.T) {
	unit, err := os.ReadFile("../../deploy/systemd/summarize-batch.service")
	if err != nil {
		t.Fatal(err)
	}
	exec := regexp.MustCompile(`(?m)^ExecStart=\S+ ((?:.*\\\n)*.*)$`).FindSubmatch(unit)
	if exec == nil {
		t.Fatal("no ExecStart in the systemd unit")
	}
	systemd := strings.Fields(strings.ReplaceAll(string(exec[1]), "\\\n", " "))

	data, err := os.ReadFile("../../deploy/kubernetes/summarize-batch.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var job struct {
		Spec struct {
			JobTemplate struct {
				Spec struct {
					Template struct {
						Spec struct {
							Containers []struct {
								Args []string `yaml:"args"`
							} `yaml:"containers"`
						} `yaml:"spec"`
					} `yaml:"template"`
				} `yaml:"spec"`
			} `yaml:"jobTemplate"`
		} `yaml:"spec"`
	}
	if err := yaml.Unmarshal(data, &job); err != nil {
		t.Fatal(err)
	}
	cs := job.Spec.JobTemplate.Spec.Template.Spec.Containers
	if len(cs) != 1 {
		t.Fatalf("%d containers in the CronJob", len(cs))
	}
	for name, args := range map[string][]string{"systemd": systemd, "kubernetes": cs[0].Args} {
		if len(args) == 0 || args[0] != "run" {
			t.Errorf("%s: args %q do not start with run", name, args)
			continue
		}
		cmd := newRunCmd(&cliEnv{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }})
		cmd.Flags().String("config", "", "")
		if err := cmd.Flags().Parse(args[1:]); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, f := range []string{"batch", "no-wait"} {
			if on, _ := cmd.Flags().GetBool(f); !on {
				t.Errorf("%s: --%s not set in %q", name, f, args)
			}
		}
	}
}

// --no-wait means nothing without --batch: a usage error, before any
// request.
func TestNoWaitNeedsBatch(t *testing.T) {
	f := newBatchFixture(t, fakeai.Options{})
	res := runCLI(t, context.Background(), batchEnv(), f.r.args("r", []string{"--no-wait"}, f.in)...)
	if res.code != 2 || !strings.Contains(res.stderr, "--no-wait needs --batch") || f.srv.Requests() != 0 {
		t.Errorf("exit %d, %d requests\n%s", res.code, f.srv.Requests(), res.stderr)
	}
}
