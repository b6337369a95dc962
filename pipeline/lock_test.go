package pipeline

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/story"
)

// gateEngine blocks every Summarize until release is closed, so a test can
// hold a run in progress.
type gateEngine struct {
	started chan struct{}
	release chan struct{}
}

func (g *gateEngine) Summarize(ctx context.Context, st *story.Story, a *story.Article) (string, error) {
	select {
	case g.started <- struct{}{}:
	default:
	}
	select {
	case <-g.release:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	return "A summary of " + a.ID + ".", nil
}

func (g *gateEngine) Brief(ctx context.Context, st *story.Story, in Inputs) (string, error) {
	return "A brief.", nil
}

func (g *gateEngine) Disputes(ctx context.Context, st *story.Story, in Inputs) ([]story.Point, error) {
	return nil, nil
}

// oneStory writes a story folder of two short articles in our own words.
func oneStory(t *testing.T) []ingest.Input {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ferry-timetable")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, src := range []string{"Island Post", "Mainland Herald"} {
		text := fmt.Sprintf("---\nsource: %s\n---\nThe ferry company moved its first sailing to %d o'clock. Commuters said the change came without warning.\n", src, 6+i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%d.md", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inputs, err := ingest.Discover([]string{dir}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return inputs
}

func TestSecondRunOnSameOutputIsRefused(t *testing.T) {
	out := t.TempDir()
	inputs := oneStory(t)
	eng := &gateEngine{started: make(chan struct{}, 1), release: make(chan struct{})}
	first := make(chan error, 1)
	go func() {
		res, err := Run(context.Background(), eng, inputs, Options{OutDir: out, RunID: "first", Concurrency: 2})
		if err == nil && res.ExitCode != 0 {
			err = fmt.Errorf("first run exit code %d", res.ExitCode)
		}
		first <- err
	}()
	<-eng.started // the first run holds the lock now

	_, err := Run(context.Background(), eng, inputs, Options{OutDir: out, RunID: "second"})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second run while the first runs: got %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) {
		t.Errorf("refusal does not name the holder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "second")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("refused run created its folder: %v", err)
	}

	close(eng.release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), eng, inputs, Options{OutDir: out, RunID: "third"})
	if err != nil {
		t.Fatalf("run after the first finished: %v", err)
	}
	if res.ExitCode != 0 {
		t.Fatalf("third run exit code %d", res.ExitCode)
	}
}

// TestLockHelperProcess is not a test: TestLockAcrossProcesses runs the
// test binary again with it to hold a lock from another process.
func TestLockHelperProcess(t *testing.T) {
	out := os.Getenv("SUMMARIZE_TEST_LOCK_OUT")
	if out == "" {
		t.Skip("helper process only")
	}
	l, err := LockOut(out)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	bufio.NewReader(os.Stdin).ReadString('\n') // hold until the parent says
	l.Unlock()
	os.Exit(0)
}

func TestLockAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	out := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), "SUMMARIZE_TEST_LOCK_OUT="+out)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "locked" {
		stdin.Close()
		cmd.Wait()
		t.Fatalf("helper: %q, %v", line, err)
	}

	if _, err := LockOut(out); !errors.Is(err, ErrLocked) {
		t.Errorf("lock held by another process: got %v, want ErrLocked", err)
	} else if !strings.Contains(err.Error(), fmt.Sprintf("pid %d", cmd.Process.Pid)) {
		t.Errorf("refusal does not name the other process: %v", err)
	}

	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	l, err := LockOut(out)
	if err != nil {
		t.Fatalf("lock after the other process ended: %v", err)
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
}
