package batch_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/summarize/summarize/internal/batch"
	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/llm"
)

const testKey = "sk-batch-test-1b2c3d4e5f"

func request(model string, i int) llm.Request {
	zero := 0.0
	return llm.Request{Model: model, Temperature: &zero, MaxTokens: 200, Messages: []llm.Message{
		{Role: "system", Content: "Summarize the article."},
		{Role: "user", Content: fmt.Sprintf("<<<BEGIN UNTRUSTED ARTICLE id=\"a%d\" source=\"Wire %d\">>>\nThe council met on day %d to vote on the harbour plan. The vote was close.\n<<<END UNTRUSTED ARTICLE>>>", i, i, i)},
	}}
}

func lines(t *testing.T, model string, n int) []batch.Line {
	t.Helper()
	var out []batch.Line
	for i := range n {
		l, err := batch.NewLine(request(model, i))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	return out
}

func newClient(t *testing.T, srv *fakeai.Server, key string, maxLines, maxBytes int) *batch.Client {
	t.Helper()
	c, err := batch.New(batch.Config{BaseURL: srv.URL(), APIKey: key, HTTPClient: srv.Client(), MaxLines: maxLines, MaxBytes: maxBytes})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var fast = batch.Poll{Initial: time.Millisecond, Max: 2 * time.Millisecond}

// A batch goes through every status, and each answer is the one the chat
// endpoint gives the same request.
func TestRoundTrip(t *testing.T) {
	srv := fakeai.New(fakeai.Options{RequireKey: testKey})
	defer srv.Close()
	c := newClient(t, srv, testKey, 0, 0)
	ls := lines(t, "gpt-4o-mini", 5)
	b, err := c.Submit(context.Background(), ls)
	if err != nil {
		t.Fatal(err)
	}
	if b.Status != "validating" || b.ID == "" || b.InputFileID == "" {
		t.Fatalf("created batch = %+v", b)
	}
	var seen []string
	b, err = c.Wait(context.Background(), b.ID, fast, func(b batch.Batch) { seen = append(seen, b.Status) })
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(seen, " "); got != "in_progress finalizing completed" {
		t.Errorf("statuses = %s", got)
	}
	if b.Counts != (batch.Counts{Total: 5, Completed: 5}) {
		t.Errorf("counts = %+v", b.Counts)
	}
	res, err := c.Results(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	direct := newDirect(t, srv)
	for _, l := range ls {
		r, ok := res[l.ID]
		if !ok || r.Err != nil {
			t.Fatalf("line %s: %+v", l.ID, r)
		}
		want, err := direct.Complete(context.Background(), l.Request)
		if err != nil {
			t.Fatal(err)
		}
		if r.Reply.Content != want.Content || r.Reply.Batch != b.ID || r.Reply.Attempts != 1 || r.Reply.PromptTokens == 0 {
			t.Errorf("line %s: reply %+v, direct reply %q", l.ID, r.Reply, want.Content)
		}
	}
	if st := srv.BatchStats(); st.Files != 1 || st.Batches != 1 || st.Lines != 5 {
		t.Errorf("stats = %+v", st)
	}
}

func newDirect(t *testing.T, srv *fakeai.Server) *llm.Client {
	t.Helper()
	c, err := llm.New(llm.Config{BaseURL: srv.URL(), APIKey: testKey, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSplit(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	a, b := lines(t, "model-a", 5), lines(t, "model-b", 2)
	one := len(lineBytes(t, a[0]))
	mixed := []batch.Line{a[0], b[0], a[1], a[2], b[1], a[3], a[4]}
	tests := []struct {
		name               string
		maxLines, maxBytes int
		want               []int // lines per file
	}{
		{"one file per model", 0, 0, []int{5, 2}},
		{"line limit", 2, 0, []int{2, 2, 2, 1}},
		{"byte limit", 0, 3*one + one/2, []int{3, 2, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := newClient(t, srv, "", tt.maxLines, tt.maxBytes).Split(mixed)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, f := range files {
				got = append(got, len(f))
				for _, l := range f {
					if l.Request.Model != f[0].Request.Model {
						t.Errorf("file mixes models %s and %s", f[0].Request.Model, l.Request.Model)
					}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("file sizes = %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := newClient(t, srv, "", 0, one/2).Split(a); err == nil {
		t.Error("a line larger than a file was accepted")
	}
}

// lineBytes is about the size of a line as encoded (the split test needs
// only its order of magnitude).
func lineBytes(t *testing.T, l batch.Line) []byte {
	body, err := llm.RequestBody(l.Request)
	if err != nil {
		t.Fatal(err)
	}
	return append(body, make([]byte, 120)...)
}

// Limits a file breaks are reported by the provider as a failed batch;
// a client splitting with the same limits never breaks them.
func TestProviderLimits(t *testing.T) {
	srv := fakeai.New(fakeai.Options{Batch: fakeai.BatchOptions{MaxLines: 3}})
	defer srv.Close()
	ctx := context.Background()
	ls := lines(t, "gpt-4o-mini", 4)
	tests := []struct {
		name  string
		lines []batch.Line
		want  string
	}{
		{"too many lines", ls, "too_many_requests"},
		{"duplicate custom_id", []batch.Line{ls[0], ls[0]}, "duplicate_custom_id"},
		{"two models", []batch.Line{ls[0], lines(t, "gpt-4o", 1)[0]}, "mismatched_model"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, srv, "", 0, 0)
			b, err := c.Submit(ctx, tt.lines)
			if err != nil {
				t.Fatal(err)
			}
			b, err = c.Wait(ctx, b.ID, fast, nil)
			if err != nil {
				t.Fatal(err)
			}
			if b.Status != "failed" || !strings.Contains(strings.Join(b.Errors, "\n"), tt.want) {
				t.Errorf("batch = %+v, want failed with %s", b, tt.want)
			}
		})
	}
	c := newClient(t, srv, "", 3, 0)
	files, err := c.Split(ls)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := c.Submit(ctx, f)
		if err == nil {
			b, err = c.Wait(ctx, b.ID, fast, nil)
		}
		if err != nil || b.Status != "completed" {
			t.Errorf("split file of %d lines: %+v, %v", len(f), b, err)
		}
	}
}

// Failed lines come back in the error file; a line that cannot run
// expires its batch.
func TestLineFailures(t *testing.T) {
	srv := fakeai.New(fakeai.Options{Batch: fakeai.BatchOptions{Script: []fakeai.Fault{
		fakeai.ServerError, fakeai.Truncated, fakeai.None, fakeai.Refused, fakeai.TooManyRequests, fakeai.Hang,
	}}})
	defer srv.Close()
	c := newClient(t, srv, "", 0, 0)
	ctx := context.Background()
	ls := lines(t, "gpt-4o-mini", 7)
	b, err := c.Submit(ctx, ls)
	if err != nil {
		t.Fatal(err)
	}
	if b, err = c.Wait(ctx, b.ID, fast, nil); err != nil {
		t.Fatal(err)
	}
	if b.Status != "expired" || b.Counts.Failed != 3 || b.Counts.Completed != 4 {
		t.Errorf("batch = %+v, want expired with 4 completed, 3 failed", b)
	}
	res, err := c.Results(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	status := func(code int) func(error) bool {
		return func(err error) bool {
			var se *llm.StatusError
			return errors.As(err, &se) && se.StatusCode == code
		}
	}
	bad := func(err error) bool { return errors.Is(err, llm.ErrBadReply) }
	expired := func(err error) bool { return err != nil && strings.Contains(err.Error(), "batch_expired") }
	ok := func(err error) bool { return err == nil }
	for i, want := range []func(error) bool{status(500), bad, ok, bad, status(429), expired, ok} {
		r, found := res[ls[i].ID]
		if !found || !want(r.Err) {
			t.Errorf("line %d: %+v (found %v)", i, r, found)
		}
	}
}

func TestCancel(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	c := newClient(t, srv, "", 0, 0)
	ctx := context.Background()
	b, err := c.Submit(ctx, lines(t, "gpt-4o-mini", 2))
	if err != nil {
		t.Fatal(err)
	}
	if b, err = c.Cancel(ctx, b.ID); err != nil || b.Status != "cancelling" {
		t.Fatalf("cancel = %+v, %v", b, err)
	}
	if b, err = c.Wait(ctx, b.ID, fast, nil); err != nil || b.Status != "cancelled" {
		t.Fatalf("wait = %+v, %v", b, err)
	}
	if res, err := c.Results(ctx, b); err != nil || len(res) != 0 {
		t.Errorf("results of a batch cancelled before it ran = %v, %v", res, err)
	}
	if _, err := c.Cancel(ctx, "batch-nonexistent"); err == nil {
		t.Error("cancelling an unknown batch succeeded")
	}
}

func TestWaitStopsWithContext(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	c := newClient(t, srv, "", 0, 0)
	b, err := c.Submit(context.Background(), lines(t, "gpt-4o-mini", 1))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, err = c.Wait(ctx, b.ID, batch.Poll{Initial: time.Hour, Max: time.Hour}, func(batch.Batch) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestKeyNeverInErrors(t *testing.T) {
	const wrong = "sk-wrong-key-0a9b8c7d"
	srv := fakeai.New(fakeai.Options{RequireKey: testKey})
	defer srv.Close()
	c := newClient(t, srv, wrong, 0, 0)
	_, err := c.Submit(context.Background(), lines(t, "gpt-4o-mini", 1))
	var se *llm.StatusError
	if !errors.As(err, &se) || se.StatusCode != http.StatusUnauthorized || !errors.Is(err, llm.ErrAuth) {
		t.Fatalf("err = %v, want a 401", err)
	}
	if strings.Contains(err.Error(), wrong) {
		t.Errorf("error text holds the key: %v", err)
	}
}

func TestCustomIDIsStable(t *testing.T) {
	a, _ := batch.CustomID(request("m", 1))
	b, _ := batch.CustomID(request("m", 1))
	c, _ := batch.CustomID(request("m", 2))
	if a != b || a == c || !strings.HasPrefix(a, "req-") || len(a) != 4+64 {
		t.Errorf("custom IDs %q %q %q", a, b, c)
	}
}

func TestState(t *testing.T) {
	dir := t.TempDir()
	s, err := batch.LoadState(dir)
	if err != nil || len(s.Batches) != 0 {
		t.Fatalf("empty state = %+v, %v", s, err)
	}
	created := time.Now().UTC().Truncate(time.Second)
	s.Add(batch.Record{ID: "b1", Lines: []string{"x", "y"}, Read: true, Failed: []string{"y"}, Created: created})
	s.Add(batch.Record{ID: "b2", Lines: []string{"y"}, Read: true, Failed: []string{"y"}, Created: created})
	s.Add(batch.Record{ID: "b3", Lines: []string{"z"}, Collected: true, Created: created})
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	got, err := batch.LoadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		line           string
		find, failures int
	}{{"x", 0, 0}, {"y", 1, 2}, {"z", -1, 0}, {"none", -1, 0}} {
		if f, n := got.Find(tt.line), got.Failures(tt.line); f != tt.find || n != tt.failures {
			t.Errorf("line %s: Find %d, Failures %d; want %d, %d", tt.line, f, n, tt.find, tt.failures)
		}
	}
	now := time.Now()
	got.Add(batch.Record{ID: "old", Lines: []string{"w"}, Status: "in_progress", Created: now.Add(-31 * 24 * time.Hour)})
	got.Add(batch.Record{ID: "done", Lines: []string{"v"}, Status: "completed", Read: true, Created: now})
	got.Collect(now)
	var ids []string
	for _, r := range got.Batches {
		ids = append(ids, fmt.Sprintf("%s:%v:%d", r.ID, r.Collected, len(r.Lines)))
	}
	// b1 and b2 have no status: not terminal, so kept as they are; b3 was
	// collected already (Collect leaves it); "old" is past any window;
	// "done" is collected and its lines dropped.
	if got, want := strings.Join(ids, " "), "b1:false:2 b2:false:1 b3:true:1 done:true:0"; got != want {
		t.Errorf("after Collect: %s, want %s", got, want)
	}
	if got.Find("v") != -1 || got.Find("w") != -1 || got.Find("x") != 0 {
		t.Error("Find after Collect sees collected or forgotten lines")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != batch.StateFile {
		t.Errorf("folder holds %v, want only %s", entries, batch.StateFile)
	}
	if err := os.WriteFile(filepath.Join(dir, batch.StateFile), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := batch.LoadState(dir); err == nil {
		t.Error("a corrupt state file was accepted")
	}
}

// ByInputFile finds the batch made from an input file, paging through the
// provider's list, and reports an input file no batch was made from.
func TestByInputFile(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	c := newClient(t, srv, "", 0, 0)
	ctx := context.Background()
	ls := lines(t, "gpt-4o-mini", 105)
	var first batch.Batch
	for i, l := range ls {
		b, err := c.Submit(ctx, []batch.Line{l})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
		}
	}
	orphan, err := c.Upload(ctx, ls[:1])
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file, want string
	}{
		{first.InputFileID, first.ID}, // the oldest: on the second page
		{orphan, ""},
	}
	for _, tt := range tests {
		b, ok, err := c.ByInputFile(ctx, tt.file)
		if err != nil || ok != (tt.want != "") || b.ID != tt.want {
			t.Errorf("ByInputFile(%s) = %q, %v, %v; want %q", tt.file, b.ID, ok, err, tt.want)
		}
	}
}
