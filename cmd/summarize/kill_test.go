//go:build unix

package main

// Interruption and crash tests of issue 4: they run the real binary, built
// once, against an in-process fake endpoint, and interrupt or kill it in
// the middle of a run.

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/summarize/summarize/internal/cache"
	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/manifest"
)

var (
	binDir    string
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "summarize-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// binary builds the command once per test process, on first use, so that
// tests which do not need it do not pay for the build.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			buildErr = err
			return
		}
		path := filepath.Join(binDir, "summarize")
		out, err := exec.Command(goTool, "build", "-o", path, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		binPath = path
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// proc is one run of the binary.
type proc struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer
	done   chan struct{}
	code   int
}

// start runs the binary with args and an environment holding only what it
// needs (the key, and a home folder that is not the user's).
func start(t *testing.T, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(binary(t), args...), done: make(chan struct{})}
	p.cmd.Env = []string{"OPENAI_API_KEY=" + testKey, "HOME=" + t.TempDir(), "PATH=/usr/bin:/bin"}
	p.cmd.Stderr = &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.cmd.Wait()
		p.code = p.cmd.ProcessState.ExitCode()
		if ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			p.code = -int(ws.Signal())
		}
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// wait returns the exit code, failing the test if the process outlives
// a generous limit.
func (p *proc) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
		return p.code
	case <-time.After(60 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
		t.Fatalf("process did not end within 60s\nstderr:\n%s", tail(p.stderr.String(), 3000))
		return 0
	}
}

// waitRequests waits until srv has received at least n requests or p
// ended, and reports whether the count was reached.
func waitRequests(p *proc, srv *fakeai.Server, n int) bool {
	for srv.Requests() < n {
		select {
		case <-p.done:
			return false
		case <-time.After(2 * time.Millisecond):
		}
	}
	return true
}

// killCorpus is the corpus of the interruption tests: 10 stories of 4
// articles, 60 model calls in all.
const (
	killStories, killArticles = 10, 4
	killCalls                 = killStories*killArticles + 2*killStories
	killConcurrency           = 4
)

// TestInterruptResumes sends SIGINT (and SIGTERM) in the middle of a run:
// the process stops sending, writes a manifest saying "interrupted" and
// exits 130; a re-run over the same cache sends exactly the calls that had
// not been answered, and completes.
func TestInterruptResumes(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			srv := fakeai.New(fakeai.Options{Latency: 100 * time.Millisecond})
			defer srv.Close()
			root := t.TempDir()
			writeCorpus(t, root, killStories, killArticles)
			r := newLLMRun(t, srv.URL(), "")
			conc := []string{"--concurrency", fmt.Sprint(killConcurrency)}

			p := start(t, r.args("first", conc, root)...)
			if !waitRequests(p, srv, 12) {
				t.Fatalf("run ended before the signal: exit %d\n%s", p.code, tail(p.stderr.String(), 3000))
			}
			atSignal := srv.Requests()
			p.cmd.Process.Signal(sig)
			if code := p.wait(t); code != 130 {
				t.Fatalf("exit %d, want 130\nstderr:\n%s", code, tail(p.stderr.String(), 3000))
			}
			// Requests already handed to the transport may still go out;
			// nothing new is started.
			if after := srv.Requests() - atSignal; after > 2*killConcurrency {
				t.Errorf("%d requests sent after the signal", after)
			}
			m := readManifest(t, filepath.Join(r.out, "first"))
			if m.Status != "interrupted" || m.ExitCode != 130 {
				t.Errorf("manifest status %q exit %d, want interrupted 130", m.Status, m.ExitCode)
			}
			// One error says the run was interrupted; cancelled calls are
			// not each reported as failures.
			if len(m.Errors) != 1 || !strings.Contains(m.Errors[0].Error, "interrupted") || m.Totals.Failed != 1 {
				t.Errorf("errors = %+v (failed %d), want the one interruption", m.Errors, m.Totals.Failed)
			}
			for _, s := range m.Stories {
				if s.Status != "done" && s.Status != "interrupted" {
					t.Errorf("story %s status %q after an interruption", s.ID, s.Status)
				}
			}
			answered := 0
			for _, c := range m.Calls {
				if c.Cache == "miss" && c.Error == "" {
					answered++
				}
			}
			if answered == 0 || answered >= killCalls {
				t.Fatalf("%d calls answered before the signal; the test needs some but not all", answered)
			}
			if !strings.Contains(lastLine(p.stderr.String()), "interrupted") {
				t.Errorf("last message %q does not say the run was interrupted", lastLine(p.stderr.String()))
			}
			if target, err := os.Readlink(filepath.Join(r.out, "latest")); err == nil {
				t.Errorf("latest points at %s after an interrupted run", target)
			}

			before := srv.Requests()
			res := r.run(t, context.Background(), "second", append(conc, root)...)
			if res.code != 0 {
				t.Fatalf("re-run exit %d\nstderr:\n%s", res.code, tail(res.stderr, 3000))
			}
			m2 := readManifest(t, filepath.Join(r.out, "second"))
			// Calls, not requests: on a loaded machine an attempt may time
			// out and be retried, which is one more request for the same
			// call; the manifest counts both, so check both.
			sent, attempts := sentCalls(m2)
			if want := killCalls - answered; sent != want {
				t.Errorf("re-run sent %d calls, want %d (%d calls, %d answered before the signal)", sent, want, killCalls, answered)
			}
			if got := srv.Requests() - before; !attemptsMatch(got, attempts) {
				t.Errorf("re-run sent %d requests, but its manifest records %d attempts", got, attempts)
			}
			checkStoryOutputs(t, filepath.Join(r.out, "second"), m2)
			if m2.Totals.CacheHits != answered {
				t.Errorf("re-run had %d cache hits, want %d", m2.Totals.CacheHits, answered)
			}
			t.Logf("%s after %d requests: %d calls answered, re-run sent %d", sig, atSignal, answered, srv.Requests()-before)
		})
	}
}

// validEntries counts the cache entries under dir that the cache accepts,
// and the files that look like entries but fail its checks.
func validEntries(t *testing.T, dir string) (valid, invalid int) {
	t.Helper()
	c, err := cache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	walkFiles(t, dir, func(path string, _ []byte) {
		raw, err := hex.DecodeString(filepath.Base(path))
		if err != nil || len(raw) != len(cache.Key{}) {
			return
		}
		var k cache.Key
		copy(k[:], raw)
		if _, ok := c.Get(k); ok {
			valid++
		} else {
			invalid++
		}
	})
	return valid, invalid
}

// TestKillNineResumes kills the binary with SIGKILL at random moments,
// several times over one cache, then re-runs: the re-run completes, uses
// no corrupt entry, and sends only the calls no killed run had answered.
func TestKillNineResumes(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 9))
	t.Logf("seed %d", seed)

	srv := fakeai.New(fakeai.Options{Latency: 60 * time.Millisecond})
	defer srv.Close()
	root := t.TempDir()
	writeCorpus(t, root, killStories, killArticles)
	r := newLLMRun(t, srv.URL(), "")
	conc := []string{"--concurrency", fmt.Sprint(killConcurrency)}

	// Three kills, each after a random number of this run's requests (so
	// at a random point of sending, waiting or writing), the last one late
	// in the run.
	points := []int{rng.IntN(killCalls / 3), rng.IntN(killCalls / 3), killCalls/2 + rng.IntN(killCalls/3)}
	for i, k := range points {
		base := srv.Requests()
		p := start(t, r.args(fmt.Sprintf("killed-%d", i), conc, root)...)
		if !waitRequests(p, srv, base+k) {
			t.Logf("kill %d: run ended before %d requests (exit %d)", i, k, p.code)
			continue
		}
		p.cmd.Process.Kill()
		if code := p.wait(t); code != -int(syscall.SIGKILL) {
			t.Logf("kill %d: exit %d", i, code)
		}
		t.Logf("kill %d after %d of this run's requests", i, srv.Requests()-base)
	}
	valid, invalid := validEntries(t, r.cacheDir)
	if invalid != 0 {
		t.Errorf("%d cache entries fail verification after the kills", invalid)
	}

	before := srv.Requests()
	res := r.run(t, context.Background(), "final", append(conc, root)...)
	if res.code != 0 {
		t.Fatalf("re-run exit %d\nstderr:\n%s", res.code, tail(res.stderr, 3000))
	}
	m := readManifest(t, filepath.Join(r.out, "final"))
	// Calls, not requests: a retried attempt is one more request for the
	// same call (see sentCalls).
	sent, attempts := sentCalls(m)
	if sent != killCalls-valid {
		t.Errorf("re-run sent %d calls, want %d (%d calls, %d answered before the kills)", sent, killCalls-valid, killCalls, valid)
	}
	if got := srv.Requests() - before; !attemptsMatch(got, attempts) {
		t.Errorf("re-run sent %d requests, but its manifest records %d attempts", got, attempts)
	}
	if valid > 0 && sent >= killCalls {
		t.Errorf("re-run sent all %d calls again", sent)
	}
	checkStoryOutputs(t, filepath.Join(r.out, "final"), m)
	if m.Status != "complete" || len(m.Stories) != killStories {
		t.Errorf("final run: status %s, %d stories", m.Status, len(m.Stories))
	}
	if target, err := os.Readlink(filepath.Join(r.out, "latest")); err != nil || target != "final" {
		t.Errorf("latest = %q (%v), want final", target, err)
	}
	t.Logf("kills at %v: %d answered calls survived, re-run sent %d of %d", points, valid, sent, killCalls)
}

// TestTwoProcessesOneCache runs two processes over one cache at the same
// time; both complete, and a third run finds every reply cached.
func TestTwoProcessesOneCache(t *testing.T) {
	srv := fakeai.New(fakeai.Options{Latency: 20 * time.Millisecond})
	defer srv.Close()
	root := t.TempDir()
	writeCorpus(t, root, killStories, killArticles)
	r := newLLMRun(t, srv.URL(), "")
	outs := []string{filepath.Join(t.TempDir(), "out-a"), filepath.Join(t.TempDir(), "out-b")}
	var procs []*proc
	calls, attempts := 0, 0
	for _, out := range outs {
		args := r.args("shared", []string{"--concurrency", fmt.Sprint(killConcurrency)}, root)
		args[slices.Index(args, r.out)] = out
		procs = append(procs, start(t, args...))
	}
	for i, p := range procs {
		if code := p.wait(t); code != 0 {
			t.Fatalf("process %d exit %d\nstderr:\n%s", i, code, tail(p.stderr.String(), 3000))
		}
		dir := filepath.Join(outs[i], "shared")
		m := readManifest(t, dir)
		checkStoryOutputs(t, dir, m)
		if len(m.Stories) != killStories || m.Status != "complete" {
			t.Errorf("process %d: %d stories, status %s", i, len(m.Stories), m.Status)
		}
		c, a := sentCalls(m)
		calls, attempts = calls+c, attempts+a
	}
	if calls < killCalls || calls > 2*killCalls {
		t.Errorf("two runs sent %d calls, want between %d and %d", calls, killCalls, 2*killCalls)
	}
	if n := srv.Requests(); !attemptsMatch(n, attempts) {
		t.Errorf("the endpoint got %d requests, but the manifests record %d attempts", n, attempts)
	}
	if _, invalid := validEntries(t, r.cacheDir); invalid != 0 {
		t.Errorf("%d invalid cache entries", invalid)
	}
	before := srv.Requests()
	res := r.run(t, context.Background(), "third", root)
	if res.code != 0 || srv.Requests() != before {
		t.Errorf("third run: exit %d, %d requests; want 0 and none", res.code, srv.Requests()-before)
	}
}

// TestSameRunFolderConcurrently: while one process writes a run folder, a
// second run asking for the same folder is refused with exit 2 and a
// message naming the problem, and the first run is not disturbed.
func TestSameRunFolderConcurrently(t *testing.T) {
	srv := fakeai.New(fakeai.Options{Latency: 50 * time.Millisecond})
	defer srv.Close()
	root := t.TempDir()
	writeCorpus(t, root, 3, 3)
	r := newLLMRun(t, srv.URL(), "")
	p := start(t, r.args("nightly", nil, root)...)
	if !waitRequests(p, srv, 1) {
		t.Fatalf("first run ended early: exit %d\n%s", p.code, p.stderr.String())
	}
	second := r.run(t, context.Background(), "nightly", root)
	if second.code != 2 {
		t.Errorf("second run exit %d, want 2\nstderr:\n%s", second.code, tail(second.stderr, 2000))
	}
	msg := lastLine(second.stderr)
	t.Log(msg)
	if !strings.Contains(msg, r.out) || !(strings.Contains(msg, "already exists") || strings.Contains(msg, "another run")) {
		t.Errorf("refusal %q does not say another run holds the folder", msg)
	}
	if code := p.wait(t); code != 0 {
		t.Fatalf("first run exit %d\n%s", code, tail(p.stderr.String(), 2000))
	}
	m := readManifest(t, filepath.Join(r.out, "nightly"))
	checkStoryOutputs(t, filepath.Join(r.out, "nightly"), m)
}

// sentCalls counts the calls a run sent (cache misses) and the HTTP
// attempts they took. Tests compare calls, not requests: on a loaded
// machine an attempt may time out or draw a 429 and be retried, which is
// one more request for the same call; attempts must then match the
// requests the endpoint saw.
func sentCalls(m *manifest.Manifest) (calls, attempts int) {
	for _, c := range m.Calls {
		if c.Cache == "miss" {
			calls++
			attempts += c.Attempts
		}
	}
	return calls, attempts
}

// attemptsMatch reports whether the requests an endpoint counted agree
// with the attempts the manifests record. They may differ by a request
// in flight on each worker when an attempt is given up: the server may
// have counted one the client abandoned before it could record it, or the
// client one whose connection broke before the server read it.
func attemptsMatch(requests, attempts int) bool {
	d := requests - attempts
	return d >= -killConcurrency && d <= killConcurrency
}
