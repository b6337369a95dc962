package main

// The hostile-input suite of issue 17: what an unattended run must survive
// from its file system, its inputs, its configuration and its operator.
// Each test names the guarantee of the README's Reliability section it
// checks.

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/testfs"
)

// TestReadOnlyCacheLosesNoReply: a cache folder that cannot be written is
// found before the first request; the run warns once, uses every reply it
// is sent, completes, and keeps using what the folder already holds.
func TestReadOnlyCacheLosesNoReply(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	t.Cleanup(srv.Close)
	r := newLLMRun(t, srv.URL(), "")
	r.cacheDir = testfs.ReadOnlyDir(t)
	corpus := t.TempDir()
	writeCorpus(t, corpus, 3, 4)
	res := r.run(t, context.Background(), "ro", corpus)
	const calls = 3*4 + 3*2
	if res.code != 0 {
		t.Fatalf("exit %d, want 0\n%s", res.code, tail(res.stderr, 2000))
	}
	if !strings.Contains(res.stderr, "not writable") {
		t.Errorf("stderr does not warn about the cache:\n%s", tail(res.stderr, 2000))
	}
	m := readManifest(t, filepath.Join(r.out, "ro"))
	if m.Status != "complete" || len(m.Errors) != 0 {
		t.Errorf("status %s, errors %+v", m.Status, m.Errors)
	}
	if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "not writable") {
		t.Errorf("manifest warnings = %q, want the one about the cache folder", m.Warnings)
	}
	checkStoryOutputs(t, filepath.Join(r.out, "ro"), m)
	// Every call answered once and used: attempts beyond one are the
	// client's retries of timeouts on a loaded machine, counted by both.
	if len(m.Calls) != calls || m.Totals.Calls != srv.Requests() {
		t.Errorf("%d calls recorded (want %d), %d requests recorded, %d received", len(m.Calls), calls, m.Totals.Calls, srv.Requests())
	}
	for _, c := range m.Calls {
		if c.Error != "" || c.Cache != "miss" {
			t.Errorf("call %s/%s/%s: cache %s, error %q", c.Story, c.Stage, c.Article, c.Cache, c.Error)
		}
	}
}

// TestKeyWithWhiteSpaceIsRefused: a key with white space around or inside
// it is refused at start (exit 2, before any request), the message says
// why, and no form of the key appears in any output, log or file.
func TestKeyWithWhiteSpaceIsRefused(t *testing.T) {
	for name, key := range map[string]string{
		"trailing space":   testKey + " ",
		"leading space":    " " + testKey,
		"trailing newline": testKey + "\n",
		"inner newline":    testKey[:10] + "\n" + testKey[10:],
		"tab":              testKey + "\t",
		"only white space": "   ",
	} {
		t.Run(name, func(t *testing.T) {
			// An endpoint that rejects the key and echoes the trimmed
			// key back, as the did.
			srv := fakeai.New(fakeai.Options{RequireKey: "sk-the-right-one"})
			t.Cleanup(srv.Close)
			r := newLLMRun(t, srv.URL(), "")
			corpus := t.TempDir()
			writeCorpus(t, corpus, 1, 2)
			res := runCLI(t, context.Background(), map[string]string{"OPENAI_API_KEY": key}, r.args("k", nil, corpus)...)
			if res.code != 2 {
				t.Fatalf("exit %d, want 2\n%s", res.code, tail(res.stderr, 2000))
			}
			if !strings.Contains(res.stderr, "OPENAI_API_KEY") || !strings.Contains(res.stderr, "white space") {
				t.Errorf("the message does not say what is wrong: %s", res.stderr)
			}
			if n := srv.Requests(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
			noKeyAnywhere(t, strings.TrimSpace(key), []string{res.stdout, res.stderr}, r.out, r.cacheDir)
		})
	}
}

// TestEchoedKeyIsRedactedEverywhere: an endpoint that echoes the key in
// its errors (the default fake does, like some proxies) leaves it in no
// stream, log line, manifest, report page or cache entry.
func TestEchoedKeyIsRedactedEverywhere(t *testing.T) {
	rejecting := fakeai.New(fakeai.Options{RequireKey: "sk-the-right-one"})
	t.Cleanup(rejecting.Close)
	r := newLLMRun(t, rejecting.URL(), "log:\n  level: debug\n")
	corpus := t.TempDir()
	writeCorpus(t, corpus, 2, 2)
	res := r.run(t, context.Background(), "echo", corpus)
	if res.code != 2 {
		t.Fatalf("exit %d, want 2 (rejected key)\n%s", res.code, tail(res.stderr, 2000))
	}
	noKeyAnywhere(t, testKey, []string{res.stdout, res.stderr}, r.out, r.cacheDir)
}

// noKeyAnywhere fails when the key, or its JSON-escaped form, is in any of
// streams or any file under dirs.
func noKeyAnywhere(t *testing.T, key string, streams []string, dirs ...string) {
	t.Helper()
	if key == "" {
		return // a key of white space only has nothing to find
	}
	forms := []string{key, strings.Trim(mustJSON(t, key), `"`)}
	for i, s := range streams {
		for _, f := range forms {
			if strings.Contains(s, f) {
				t.Errorf("stream %d contains the key", i)
			}
		}
	}
	for _, dir := range dirs {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		walkFiles(t, dir, func(path string, data []byte) {
			for _, f := range forms {
				if strings.Contains(string(data), f) {
					t.Errorf("%s contains the key", path)
				}
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRedactorCoversEveryForm(t *testing.T) {
	const key = `sk-a<b>c&d"e\f`
	red := newRedactor(" " + key + "\n")
	escaped := strings.Trim(mustJSON(t, key), `"`)
	for _, s := range []string{
		"error: " + key + " rejected",
		`{"error":"bad key ` + escaped + `"}`,
		"untrimmed: " + " " + key + "\n",
		`json of the untrimmed: ` + mustJSON(t, " "+key+"\n"),
	} {
		got := red.String(s)
		if strings.Contains(got, key) || strings.Contains(got, escaped) || !strings.Contains(got, redactedMark) {
			t.Errorf("String(%q) = %q", s, got)
		}
	}
	if got := red.String("nothing secret"); got != "nothing secret" {
		t.Errorf("String changed a clean message: %q", got)
	}
}

// TestDiskFullNeverExitsZero: a disk that fills up while story files or
// report pages are written gives ExitInternal (3), a manifest that is not
// complete where one could be written, and a latest link that does not
// name the broken run.
func TestDiskFullNeverExitsZero(t *testing.T) {
	examples := someExamples(t, 12)
	// How much the run writes besides its pages, in tmpfs pages.
	probe := filepath.Join(t.TempDir(), "out")
	if res := runCLI(t, context.Background(), nil, "run", "--out", probe, "--run-id", "r", examples); res.code != 0 && res.code != 1 {
		t.Fatalf("probe run: exit %d\n%s", res.code, tail(res.stderr, 2000))
	}
	var other, pages, man int64
	walkFiles(t, filepath.Join(probe, "r"), func(path string, data []byte) {
		size := (int64(len(data)) + 4095) / 4096 * 4096
		switch filepath.Base(path) {
		case "report.html", "index.html":
			pages += size
		case "manifest.json":
			man = size
			other += size
		default:
			other += size
		}
	})
	// The pipeline's reserve for rewriting the manifest is its size
	// plus 16 KiB (pipeline/publish.go).
	reserve := man + 16<<10
	if pages < reserve+64<<10 {
		t.Fatalf("pages take %d bytes: too little to fill the disk between", pages)
	}
	cases := []struct {
		name      string
		size      int64
		wantPages bool // the manifest records the pages' failure
	}{
		{"while pages are written", other + reserve + 32<<10, true},
		{"no room left for pages", other + 8<<10, true},
		{"while story files are written", 24 << 10, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := testfs.SmallDir(t, tc.size)
			res := runCLI(t, context.Background(), nil, "run", "--out", out, "--run-id", "full", examples)
			if res.code != 3 {
				t.Fatalf("exit %d, want 3\n%s", res.code, tail(res.stderr, 2000))
			}
			m, err := manifest.Read(filepath.Join(out, "full", "manifest.json"))
			if err == nil && m.Status == "complete" {
				t.Errorf("manifest says complete after a full disk")
			}
			if tc.wantPages {
				if err != nil {
					t.Fatalf("no manifest: %v", err)
				}
				found := false
				for _, e := range m.Errors {
					found = found || e.Stage == "report"
				}
				if !found || m.ExitCode != 3 {
					t.Errorf("manifest exit %d, errors %+v: want 3 and the pages' failure", m.ExitCode, m.Errors)
				}
			}
			if target, err := os.Readlink(filepath.Join(out, "latest")); err == nil {
				t.Errorf("latest moved to %s", target)
			}
		})
	}
}

// TestHostileInputFolder: a link to a file outside the input folder is not
// read (its text reaches no output), and a named pipe in the folder is
// skipped at once instead of blocking the run; both are warnings.
func TestHostileInputFolder(t *testing.T) {
	root := t.TempDir()
	corpus := filepath.Join(root, "in")
	writeCorpus(t, corpus, 1, 2)
	story := filepath.Join(corpus, "story-00")
	const secret = "root:x:0:0:Tell-Nobody-7731:/root:/bin/bash"
	outside := filepath.Join(root, "passwd")
	if err := os.WriteFile(outside, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(story, "passwd.txt")); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	testfs.Mkfifo(t, filepath.Join(story, "pipe.md"))
	out := filepath.Join(root, "out")
	res := runCLI(t, context.Background(), nil, "run", "--out", out, "--run-id", "r", corpus)
	m := readManifest(t, filepath.Join(out, "r"))
	// Exit 1 may come from the offline engine's checks flagging the
	// generated story; nothing may fail.
	if res.code > 1 || len(m.Errors) > 0 {
		t.Fatalf("exit %d, errors %+v\n%s", res.code, m.Errors, tail(res.stderr, 2000))
	}
	warnings := strings.Join(m.Stories[0].Warnings, "\n")
	for _, w := range []string{"passwd.txt: a link to", "pipe.md: a named pipe"} {
		if !strings.Contains(warnings, w) {
			t.Errorf("no warning says %q:\n%s", w, warnings)
		}
	}
	walkFiles(t, out, func(path string, data []byte) {
		if strings.Contains(string(data), "Tell-Nobody-7731") {
			t.Errorf("%s holds the linked file's text", path)
		}
	})
	t.Logf("run with a named pipe and an outside link: %v", res.elapsed)
}
