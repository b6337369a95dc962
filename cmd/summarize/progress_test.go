package main

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/pipeline"
)

// screenOf replays what progress wrote on a terminal of the given width,
// understanding the codes it uses (cursor up, carriage return, clear to
// the end of the screen, newline), and returns every line left on the
// screen and in the scrollback. A line as wide as the terminal fails the
// test: it would wrap, and a redraw would leave a stale copy behind.
func screenOf(t *testing.T, out string, width int) []string {
	t.Helper()
	lines := []string{""}
	row := 0
	code := regexp.MustCompile(`^\x1b\[(\d*)([AJ])`)
	for len(out) > 0 {
		if m := code.FindStringSubmatch(out); m != nil {
			n, _ := strconv.Atoi(m[1])
			switch m[2] {
			case "A":
				row = max(row-max(n, 1), 0)
			case "J":
				lines = lines[:row+1]
				lines[row] = ""
			}
			out = out[len(m[0]):]
			continue
		}
		r, size := utf8.DecodeRuneInString(out)
		out = out[size:]
		switch r {
		case '\r':
			lines[row] = ""
		case '\n':
			row++
			if row == len(lines) {
				lines = append(lines, "")
			}
		case '\x1b':
			t.Fatalf("unexpected escape code in %q", out)
		default:
			lines[row] += string(r)
		}
	}
	// The full texts printed at the end, indented, come after the last
	// redraw and may wrap; no other line may.
	for _, l := range lines {
		if n := utf8.RuneCountInString(l); n >= width && !strings.HasPrefix(l, "  ") {
			t.Errorf("line of %d columns on a %d-column terminal: %q", n, width, l)
		}
	}
	return lines
}

// TestProgressRedrawsInPlace drives the bars as a 30-story run would, with
// problems logged on the way, on terminals of several widths: the screen
// ends with one copy of each bar, at its total, no line is wider than the
// terminal, each problem left one short line above the bars, and the
// problems cut short are printed in full at the end.
func TestProgressRedrawsInPlace(t *testing.T) {
	longWarning := "article /in/000_4dbfc90e3b021005.txt has no outlet name, so it is called \"000_4dbfc90e3b021005\": " + strings.Repeat("give it a source line ", 5)
	for _, width := range []int{30, 80, 200} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			var buf bytes.Buffer
			clock := time.Unix(0, 0)
			p := newProgress(&buf, 30)
			p.columns = func() int { return width }
			p.now = func() time.Time { return clock }
			p.start = clock
			log := p.logger(&config.Config{Log: config.LogConfig{Format: "auto", Level: "info"}})
			for i := range 30 {
				st := &story.Story{ID: fmt.Sprintf("story-%02d", i), Articles: []*story.Article{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}}}
				p.StoryStarted(st)
				clock = clock.Add(30 * time.Millisecond)
				for _, a := range st.Articles {
					p.ArticleDone(st, a, nil)
					clock = clock.Add(30 * time.Millisecond)
				}
				log.Info("story done", "story", st.ID)
				if i == 7 {
					log.Warn("input warning", "story", st.ID, "warning", longWarning)
				}
				if i == 12 {
					log.Error("failed", "story", st.ID, "stage", "brief", "error", "boom")
					// As the run's holdLogger logs a provider's limit.
					log.Info("waiting: tokens per minute, 2s", "limit", "tokens per minute", "wait_ms", 2000)
					if width > 40 && !strings.Contains(buf.String(), "waiting: tokens per minute, 2 s") {
						t.Error("the wait is not shown under the bars")
					}
				}
				p.StoryDone(st, manifest.Story{})
			}
			p.finish()
			lines := screenOf(t, buf.String(), width)
			count := func(prefix string) (n int) {
				for _, l := range lines {
					if strings.HasPrefix(l, prefix) {
						n++
					}
				}
				return n
			}
			if n := count("articles "); n != 1 {
				t.Errorf("%d articles bars left on screen, want 1:\n%s", n, strings.Join(lines, "\n"))
			}
			if n := count("stories "); n != 1 {
				t.Errorf("%d stories bars left on screen, want 1:\n%s", n, strings.Join(lines, "\n"))
			}
			if n := count("waiting: "); n != 0 {
				t.Errorf("the waiting line stayed after the wait")
			}
			screen := strings.Join(lines, "\n")
			for _, want := range []string{"120/120", "30/30", "warning: story-07: ", "failed: story-12: brief: boom"} {
				if width > 40 && !strings.Contains(screen, want) {
					t.Errorf("screen lacks %q:\n%s", want, screen)
				}
			}
			if strings.Contains(screen, "story done") {
				t.Error("an informational log line reached the terminal")
			}
			if !strings.Contains(screen, "  "+"warning: story-07: "+longWarning) {
				t.Errorf("the shortened warning is not printed in full at the end:\n%s", screen)
			}
		})
	}
}

// TestProgressWaitingLine shows the rate-limit wait under the bars.
func TestProgressWaitingLine(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 1)
	p.columns = func() int { return 80 }
	p.Waiting("tokens per minute", 12*time.Second)
	if lines := screenOf(t, buf.String(), 80); !strings.Contains(strings.Join(lines, "\n"), "waiting: tokens per minute, 12 s") {
		t.Errorf("no waiting line:\n%q", buf.String())
	}
}

func TestCounterLine(t *testing.T) {
	tests := []struct {
		c       counter
		elapsed time.Duration
		want    string
	}{
		{counter{label: "stories", one: "story", many: "stories", done: 1, total: 3}, time.Second, "1 story/s, 2 s left"},
		{counter{label: "stories", one: "story", many: "stories", done: 6, total: 6}, 2 * time.Second, "3 stories/s, 2 s"},
		{counter{label: "articles", one: "article", many: "articles", done: 0, total: 9}, time.Second, "0/9   0%"},
	}
	for _, tt := range tests {
		if got := tt.c.line(79, tt.elapsed); !strings.Contains(got, tt.want) || utf8.RuneCountInString(got) > 79 {
			t.Errorf("line %q, want it to contain %q in 79 columns", got, tt.want)
		}
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 stories", 1: "1 story", 2: "2 stories"} {
		if got := plural(n, "story", "stories"); got != want {
			t.Errorf("plural(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPrintInterrupted(t *testing.T) {
	res := &pipeline.Result{Manifest: &manifest.Manifest{Status: "interrupted", Stories: []manifest.Story{
		{Status: "done"}, {Status: "interrupted"},
	}}}
	var buf bytes.Buffer
	printInterrupted(&buf, res, 30)
	for _, want := range []string{"28 stories of 30 not started", "1 story cut short", "run the same command again to resume"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("%q lacks %q", buf.String(), want)
		}
	}
	buf.Reset()
	res.Manifest.Status = "complete"
	printInterrupted(&buf, res, 30)
	if buf.Len() != 0 {
		t.Errorf("printed %q for a complete run", buf.String())
	}
	_ = context.Background
}
