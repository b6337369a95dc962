//go:build unix

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/summarize/summarize/internal/batch"
	"github.com/summarize/summarize/internal/fakeai"
)

// The real binary, waiting for its first batch, is killed (SIGKILL) or
// stopped (SIGTERM: exit 130): the batch stays recorded, and the next run
// re-attaches to it and completes without submitting any line twice.
func TestBatchProcessKilledWhileWaiting(t *testing.T) {
	for _, tt := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGKILL, -int(syscall.SIGKILL)}, {syscall.SIGTERM, 130}} {
		t.Run(tt.sig.String(), func(t *testing.T) {
			atPoll, signalled := make(chan struct{}), make(chan struct{})
			var once sync.Once
			// The first poll is held until the process has had its
			// signal, so that it dies while it waits.
			srv := fakeai.New(fakeai.Options{Batch: fakeai.BatchOptions{OnRetrieve: func(string) {
				first := false
				once.Do(func() { first = true })
				if first {
					close(atPoll)
					<-signalled
				}
			}}})
			defer srv.Close()
			root := t.TempDir()
			writeCorpus(t, root, batchStories, batchArticles)
			r := newLLMRun(t, srv.URL(), "")
			config := strings.Replace(fastConfig, "llm:\n", "llm:\n  batch_poll_initial: 1ms\n  batch_poll_max: 2ms\n", 1)
			if err := os.WriteFile(r.config, []byte(config), 0o600); err != nil {
				t.Fatal(err)
			}
			args := r.args("first", []string{"--batch", "--model", "gpt-4o-mini"}, root)
			p := start(t, args...)
			select {
			case <-atPoll:
			case <-p.done:
				t.Fatalf("exit %d before the first poll\n%s", p.code, tail(p.stderr.String(), 3000))
			}
			p.cmd.Process.Signal(tt.sig)
			code := p.wait(t)
			close(signalled)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", code, tt.code, tail(p.stderr.String(), 3000))
			}
			state, err := batch.LoadState(r.out)
			if err != nil || len(state.Batches) != 1 || state.Batches[0].ID == "" || len(state.Batches[0].Lines) != batchStories*batchArticles {
				t.Fatalf("state after the signal: %+v, %v", state, err)
			}
			if _, err := os.Stat(filepath.Join(r.out, "first")); err == nil {
				t.Error("a run folder was written before the batches were answered")
			}
			res := runCLI(t, context.Background(), batchEnv(), args...)
			if res.code != 0 {
				t.Fatalf("re-run: exit %d\n%s", res.code, tail(res.stderr, 3000))
			}
			if st := srv.BatchStats(); st.Lines != batchCalls || st.Batches != 3 || srv.ChatRequests() != 0 {
				t.Errorf("stats %+v, %d chat requests; want %d lines in 3 batches, none sent twice, no chat request", st, srv.ChatRequests(), batchCalls)
			}
		})
	}
}
