package main

// Tests of issue 6: prompt tokens near the floor, dry runs, logs and
// progress, retention, and the bench command.

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

const opsConfig = `provider: openai
concurrency: 4
llm:
  model: gpt-4o-mini
  api_key_env: ""
  timeout: 5s
  max_attempts: 2
  backoff_initial: 1ms
  backoff_max: 2ms
  requests_per_minute: 0
  tokens_per_minute: 0
`

// opsCorpus writes two stories of three generated articles each.
func opsCorpus(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "in")
	if err := writeBenchStories(root, 2, 3, 150); err != nil {
		t.Fatal(err)
	}
	return root
}

type opsRun struct {
	config, out, cache string
}

func newOpsRun(t *testing.T) opsRun {
	dir := t.TempDir()
	r := opsRun{config: filepath.Join(dir, "summarize.yaml"), out: filepath.Join(dir, "out"), cache: filepath.Join(dir, "cache")}
	if err := os.WriteFile(r.config, []byte(opsConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r opsRun) args(url string, more ...string) []string {
	return append([]string{"run", "--config", r.config, "--base-url", url, "--out", r.out, "--cache-dir", r.cache}, more...)
}

// TestArticleTextSentOnceToMapAndOnceToDisputes reads every request body
// the endpoint received and checks that each article's text went to the
// summary stage exactly once and to the disputes stage at most once, and
// nowhere else.
func TestArticleTextSentOnceToMapAndOnceToDisputes(t *testing.T) {
	srv := fakeai.New(fakeai.Options{MaxBodies: 100})
	defer srv.Close()
	in := opsCorpus(t)
	r := newOpsRun(t)
	code, _, stderr := cli(t, nil, r.args(srv.URL(), "--run-id", "one", in)...)
	if code != 0 {
		t.Fatalf("run exit %d\n%s", code, stderr)
	}
	runDir := filepath.Join(r.out, "one")
	m, err := manifest.Read(filepath.Join(runDir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	bodies := srv.Bodies()
	if len(bodies) != m.Totals.Calls || len(bodies) != 2*3+2*2 {
		t.Fatalf("%d bodies, manifest says %d calls; want 10", len(bodies), m.Totals.Calls)
	}
	type count struct{ summary, disputes, other int }
	counts := map[string]*count{}
	var texts []string
	for _, s := range m.Stories {
		var st story.Story
		data, err := os.ReadFile(filepath.Join(runDir, s.Dir, "story.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &st); err != nil {
			t.Fatal(err)
		}
		for _, a := range st.Articles {
			counts[a.Text] = &count{}
			texts = append(texts, a.Text)
		}
	}
	for _, body := range bodies {
		var req struct {
			Messages []struct {
				Content string `json:"content"`
			} `json:"messages"`
			ResponseFormat *json.RawMessage `json:"response_format"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, msg := range req.Messages {
			all.WriteString(msg.Content)
		}
		prompt := all.String()
		blocks := fakeai.Blocks(prompt)
		for _, text := range texts {
			n := strings.Count(prompt, text)
			if n == 0 {
				continue
			}
			c := counts[text]
			switch {
			case req.ResponseFormat != nil:
				c.disputes += n
			case len(blocks) == 1 && blocks[0].Kind == "ARTICLE":
				c.summary += n
			default:
				c.other += n
			}
		}
	}
	for i, text := range texts {
		c := counts[text]
		if c.summary != 1 || c.disputes > 1 || c.other != 0 {
			t.Errorf("article %d was sent %d times to summaries (want 1), %d to disputes (want at most 1), %d elsewhere (want 0)", i, c.summary, c.disputes, c.other)
		}
	}
}

var dryToSend = regexp.MustCompile(`requests to send: (\d+)`)

func dryRunSends(t *testing.T, stdout string) int {
	t.Helper()
	m := dryToSend.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("dry run printed no request count:\n%s", stdout)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestDryRunMatchesRealRun: a dry run sends nothing and writes nothing,
// and the calls it counts are those the real run then sends; after the
// real run, a dry run finds every call cached.
func TestDryRunMatchesRealRun(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	in := opsCorpus(t)
	r := newOpsRun(t)

	code, stdout, stderr := cli(t, nil, r.args(srv.URL(), "--dry-run", in)...)
	if code != 0 {
		t.Fatalf("dry run exit %d\n%s", code, stderr)
	}
	if n := srv.Requests(); n != 0 {
		t.Fatalf("dry run sent %d requests", n)
	}
	for _, dir := range []string{r.out, r.cache} {
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("dry run created %s (%v)", dir, err)
		}
	}
	want := dryRunSends(t, stdout)
	if !strings.Contains(stdout, "estimated cost: at most $") {
		t.Errorf("dry run printed no cost:\n%s", stdout)
	}
	// The brief's prompts hold summaries not known yet.
	if !strings.Contains(stdout, "2 of the calls to send are estimates") {
		t.Errorf("dry run does not say which calls are estimates:\n%s", stdout)
	}

	code, _, stderr = cli(t, nil, r.args(srv.URL(), "--run-id", "real", in)...)
	if code != 0 {
		t.Fatalf("run exit %d\n%s", code, stderr)
	}
	if got := srv.Requests(); got != want {
		t.Errorf("dry run counted %d calls to send, the run sent %d", want, got)
	}

	// The run left both stories for the next one to carry over: no call.
	code, stdout, stderr = cli(t, nil, r.args(srv.URL(), "--dry-run", in)...)
	if code != 0 {
		t.Fatalf("second dry run exit %d\n%s", code, stderr)
	}
	if n := dryRunSends(t, stdout); n != 0 || !regexp.MustCompile(`carried over\s+2 stories unchanged since run real`).MatchString(stdout) {
		t.Errorf("after the run, dry run counts %d calls to send, want 0 and both stories carried over\n%s", n, stdout)
	}
	// Into another output folder nothing is carried over, and every
	// call is answered from the cache.
	code, stdout, stderr = cli(t, nil, r.args(srv.URL(), "--dry-run", "--out", filepath.Join(t.TempDir(), "elsewhere"), in)...)
	if code != 0 {
		t.Fatalf("third dry run exit %d\n%s", code, stderr)
	}
	if n := dryRunSends(t, stdout); n != 0 || strings.Contains(stdout, "carried over") {
		t.Errorf("into a new folder, dry run counts %d calls to send, want 0 (all cached) and nothing carried over\n%s", n, stdout)
	}
	if !regexp.MustCompile(`total\s+` + strconv.Itoa(want) + `\s+` + strconv.Itoa(want) + `\s+0\s`).MatchString(stdout) {
		t.Errorf("dry run does not count all %d calls as cached:\n%s", want, stdout)
	}
	if got := srv.Requests(); got != want {
		t.Errorf("second dry run sent %d requests", got-want)
	}
}

// TestLogsWithoutTerminal: with stderr not a terminal there is no progress
// bar, and --log-format json writes one JSON object per line, with an
// event per story and per failure.
func TestLogsWithoutTerminal(t *testing.T) {
	in := opsCorpus(t)
	out := filepath.Join(t.TempDir(), "out")
	// A broken article gives a failure to log.
	if err := os.WriteFile(filepath.Join(in, "story-00001", "broken.md"), []byte("   \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := cli(t, nil, "run", "--provider", "offline", "--out", out, "--log-format", "json", in)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (one broken article)\n%s", code, stderr)
	}
	if strings.ContainsAny(stderr, "\r\x1b") {
		t.Errorf("stderr holds carriage returns or escape codes:\n%q", stderr)
	}
	msgs := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if strings.HasPrefix(line, "summarize: ") { // the final error line
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		msg, _ := rec["msg"].(string)
		msgs[msg]++
	}
	if msgs["run started"] != 1 || msgs["run finished"] != 1 || msgs["story done"] != 2 || msgs["failed"] != 1 {
		t.Errorf("log events %v; want run started, run finished, 2 story done, 1 failed", msgs)
	}

	code, _, stderr = cli(t, nil, "run", "--provider", "offline", "--out", out, "--log-format", "text", in)
	if code != 1 || !strings.Contains(stderr, `msg="story done"`) {
		t.Errorf("--log-format text: exit %d\n%s", code, stderr)
	}
}

// TestKeepFlag: with --keep 2, three runs leave the two newest folders.
func TestKeepFlag(t *testing.T) {
	in := storyDir(t)
	out := filepath.Join(t.TempDir(), "out")
	for _, id := range []string{"r1", "r2", "r3"} {
		if code, _, stderr := cli(t, nil, "run", "--provider", "offline", "--out", out, "--run-id", id, "--keep", "2", in); code != 0 {
			t.Fatalf("run %s exit %d\n%s", id, code, stderr)
		}
	}
	for id, want := range map[string]bool{"r1": false, "r2": true, "r3": true} {
		_, err := os.Stat(filepath.Join(out, id))
		if got := err == nil; got != want {
			t.Errorf("run folder %s exists: %v, want %v", id, got, want)
		}
	}
}

// TestBenchCommand runs a tiny bench: the warm run carries every story
// over and the cache-only run answers every call from the cache; neither
// sends anything.
func TestBenchCommand(t *testing.T) {
	code, stdout, stderr := cli(t, nil, "bench", "--stories", "3", "--articles", "2", "--words", "120", "--latency", "1ms", "--concurrency", "4")
	if code != 0 {
		t.Fatalf("bench exit %d\n%s", code, stderr)
	}
	for _, re := range []string{`calls\s+6 map \+ 6 reduce`, `cold requests\s+12\n`, `warm requests\s+0\s+\(3 stories carried over unchanged, 0 cache hits\)`,
		`cache-only requests\s+0\s+\(12 cache hits\)`, `peak in flight\s+[1-4]\n`, `failures\s+0 cold, 0 warm, 0 cache-only`} {
		if !regexp.MustCompile(re).MatchString(stdout) {
			t.Errorf("bench output does not match %s:\n%s", re, stdout)
		}
	}
}

func TestVmHWM(t *testing.T) {
	status := "Name:\tsummarize\nVmPeak:\t  900 kB\nVmHWM:\t   51200 kB\nVmRSS:\t 40000 kB\n"
	if n, ok := vmHWM(strings.NewReader(status)); !ok || n != 51200*1024 {
		t.Errorf("vmHWM = %d, %v", n, ok)
	}
	if _, ok := vmHWM(strings.NewReader("VmHWM: lots\n")); ok {
		t.Error("vmHWM accepted a malformed line")
	}
}

// TestBenchArticlesDiffer: generated articles of one story are not near
// duplicates (ingest would drop them) and are deterministic.
func TestBenchArticlesDiffer(t *testing.T) {
	_, _, a := benchArticle(7, 0, 700)
	_, _, b := benchArticle(7, 1, 700)
	_, _, again := benchArticle(7, 0, 700)
	if a != again {
		t.Error("benchArticle is not deterministic")
	}
	if a == b {
		t.Error("two outlets wrote the same text")
	}
	if n := len(strings.Fields(a)); n < 700 || n > 760 {
		t.Errorf("article has %d words, want about 700", n)
	}
}

// TestScheduledRerunCarriesOver runs the examples as a timer would: the
// second run, with its own run ID and concurrency, carries every story
// over; a setting that shapes outputs, or --no-cache, computes them again.
func TestScheduledRerunCarriesOver(t *testing.T) {
	out := t.TempDir()
	examples := someExamples(t, 8)
	latest := func() *manifest.Manifest {
		t.Helper()
		m, err := manifest.Read(filepath.Join(out, "latest", "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	if code, _, stderr := cli(t, ungated, "run", "--out", out, "--run-id", "nightly-1", examples); code != 0 {
		t.Fatalf("first run exit %d\n%s", code, stderr)
	}
	first := latest()
	if first.Totals.StoriesReused != 0 || len(first.Stories) < 3 {
		t.Fatalf("first run: %d stories, %d carried over", len(first.Stories), first.Totals.StoriesReused)
	}

	code, stdout, stderr := cli(t, ungated, "run", "--out", out, "--run-id", "nightly-2", "--concurrency", "3", examples)
	if code != 0 {
		t.Fatalf("second run exit %d\n%s", code, stderr)
	}
	second := latest()
	if second.Totals.StoriesReused != len(first.Stories) {
		t.Errorf("second run carried over %d of %d stories", second.Totals.StoriesReused, len(first.Stories))
	}
	if !strings.Contains(stdout, fmt.Sprintf("%d carried over unchanged", len(first.Stories))) {
		t.Errorf("run summary does not count the carried-over stories:\n%s", stdout)
	}
	for _, s := range second.Stories {
		a, errA := os.Stat(filepath.Join(out, "nightly-1", s.Dir, "brief.md"))
		b, errB := os.Stat(filepath.Join(out, "nightly-2", s.Dir, "brief.md"))
		if errA != nil || errB != nil || !os.SameFile(a, b) || s.ReusedFrom != "nightly-1" {
			t.Errorf("%s: not carried over from nightly-1 (reused from %q, %v, %v)", s.ID, s.ReusedFrom, errA, errB)
		}
		page, err := os.ReadFile(filepath.Join(out, "nightly-2", s.Dir, "report.html"))
		if err != nil || !strings.Contains(string(page), "nightly-2") {
			t.Errorf("%s: the report page was not written for the new run (%v)", s.ID, err)
		}
	}

	env := map[string]string{"SUMMARIZE_OFFLINE_MAX_POINTS": "1", "SUMMARIZE_CHECKS_GATES": "[]"}
	if code, _, stderr := cli(t, env, "run", "--out", out, "--run-id", "nightly-3", examples); code != 0 {
		t.Fatalf("third run exit %d\n%s", code, stderr)
	}
	if n := latest().Totals.StoriesReused; n != 0 {
		t.Errorf("after offline.max_points changed, %d stories were carried over", n)
	}
	if code, _, stderr := cli(t, env, "run", "--out", out, "--run-id", "nightly-4", "--no-cache", examples); code != 0 {
		t.Fatalf("fourth run exit %d\n%s", code, stderr)
	}
	if n := latest().Totals.StoriesReused; n != 0 {
		t.Errorf("with --no-cache, %d stories were carried over", n)
	}
}

// TestCarriedOverKeepsCacheEntriesInUse: a run that carries stories over
// marks the cache entries they were made from as used, so "cache prune
// --max-age" keeps them for the day a story changes.
func TestCarriedOverKeepsCacheEntriesInUse(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	in := opsCorpus(t)
	r := newOpsRun(t)
	if code, _, stderr := cli(t, nil, r.args(srv.URL(), in)...); code != 0 {
		t.Fatalf("first run exit %d\n%s", code, stderr)
	}
	isEntry := regexp.MustCompile(`^[0-9a-f]{64}$`)
	var entries []string
	long := time.Now().Add(-40 * 24 * time.Hour)
	err := filepath.WalkDir(r.cache, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && isEntry.MatchString(d.Name()) {
			entries = append(entries, path)
			err = os.Chtimes(path, long, long)
		}
		return err
	})
	if err != nil || len(entries) != 2*3+2*2 {
		t.Fatalf("found %d cache entries (%v), want 10", len(entries), err)
	}
	if code, _, stderr := cli(t, nil, r.args(srv.URL(), in)...); code != 0 {
		t.Fatalf("second run exit %d\n%s", code, stderr)
	}
	m, err := manifest.Read(filepath.Join(r.out, "latest", "manifest.json"))
	if err != nil || m.Totals.StoriesReused != 2 {
		t.Fatalf("second run: %v, %+v; want both stories carried over", err, m.Totals)
	}
	for _, path := range entries {
		info, err := os.Stat(path)
		if err != nil || time.Since(info.ModTime()) > time.Hour {
			t.Errorf("cache entry %s still looks unused since %v (%v)", filepath.Base(path), info.ModTime(), err)
		}
	}
	if code, stdout, stderr := cli(t, nil, "cache", "prune", "--cache-dir", r.cache, "--max-age", "720h"); code != 0 {
		t.Fatalf("prune exit %d\n%s%s", code, stdout, stderr)
	}
	for _, path := range entries {
		if _, err := os.Stat(path); err != nil {
			t.Errorf("prune dropped an entry a carried-over story was made from: %v", err)
		}
	}
}
