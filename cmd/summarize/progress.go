package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/pipeline"
)

// isTerminal reports whether w is a terminal. Progress bars are drawn only
// then: elsewhere their carriage returns and escape codes would end up in
// log files (see DEPENDENCIES.md).
func isTerminal(w io.Writer) bool {
	if u, ok := w.(interface{ Unwrap() io.Writer }); ok {
		w = u.Unwrap() // a redacting writer (secrets.go)
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminalColumns returns a function that reports w's width in columns,
// read again at every redraw so that a resized window is followed; 80
// when it cannot be read.
func terminalColumns(w io.Writer) func() int {
	return func() int {
		if f, ok := w.(*os.File); ok {
			if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
				return cols
			}
		}
		return 80
	}
}

// redrawInterval bounds how often the bars are redrawn: ten frames a
// second look continuous and keep a fast offline run from spending its
// time writing to the terminal.
const redrawInterval = 100 * time.Millisecond

// progress draws two bars on a terminal, articles summarized (the map
// stage) and stories finished (brief and disputes), each with its count,
// rate and time left, and keeps everything else printed on the terminal
// above them. It implements pipeline.Observer; its methods are safe for
// concurrent use.
//
// Every bar line is cut to one column less than the terminal's width, so
// no line ever wraps, and the bars are redrawn in place: the cursor goes
// back up over exactly the lines drawn last time. A line printed during
// the run (see logger) is written where the bars were and the bars are
// drawn again below it, so the scrollback keeps those lines and one copy
// of the bars.
//
// The number of articles is known only as stories are loaded, so until
// the last story starts the articles bar's total is extrapolated from the
// stories seen so far.
type progress struct {
	w       io.Writer
	columns func() int
	now     func() time.Time

	mu                     sync.Mutex
	start, lastDraw        time.Time
	drawn                  int // bar lines on screen, above the cursor
	articles, stories      counter
	started, articlesSeen  int
	totalStories           int
	waiting                string
	waitingUntil           time.Time
	problems               []string // the full text of each, printed at the end
	problemsShortened, err bool
}

// counter is one bar's state.
type counter struct {
	label     string
	one, many string // the unit, singular and plural
	done      int
	total     int
}

func newProgress(w io.Writer, totalStories int) *progress {
	p := &progress{
		w: w, columns: terminalColumns(w), now: time.Now,
		articles:     counter{label: "articles", one: "article", many: "articles", total: totalStories},
		stories:      counter{label: "stories", one: "story", many: "stories", total: totalStories},
		totalStories: totalStories,
	}
	p.start = p.now()
	p.draw(true)
	return p
}

func (p *progress) StoryStarted(st *story.Story) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.started++
	p.articlesSeen += len(st.Articles)
	p.articles.total = p.articlesSeen
	if p.started < p.totalStories {
		p.articles.total = p.articlesSeen * p.totalStories / p.started
	}
	p.drawLocked(false)
}

func (p *progress) ArticleDone(st *story.Story, a *story.Article, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.articles.done++
	p.drawLocked(false)
}

func (p *progress) StoryDone(st *story.Story, rec manifest.Story) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stories.done++
	p.drawLocked(false)
}

// Waiting shows why calls are held, such as a provider's rate limit
// ("tokens per minute"), and for how long, under the bars until the wait
// is over; a zero d clears it.
func (p *progress) Waiting(reason string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waiting = ""
	if d > 0 {
		p.waiting = fmt.Sprintf("waiting: %s, %s", reason, roundDuration(d))
		p.waitingUntil = p.now().Add(d)
	}
	p.drawLocked(true)
}

// finish draws the bars' final state, leaves the cursor below them and
// prints the full text of every problem that was shortened during the
// run.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waiting = ""
	p.drawLocked(true)
	if p.problemsShortened {
		fmt.Fprintln(p.w, fit(plural(len(p.problems), "problem", "problems")+" (also in manifest.json):", p.columns()-1))
		for _, line := range p.problems {
			fmt.Fprintf(p.w, "  %s\n", line)
		}
	}
	p.drawn = 0
}

func (p *progress) draw(force bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.drawLocked(force)
}

// drawLocked redraws the bars in place, at most every redrawInterval
// unless force.
func (p *progress) drawLocked(force bool) {
	now := p.now()
	if !force && now.Sub(p.lastDraw) < redrawInterval {
		return
	}
	p.lastDraw = now
	var b strings.Builder
	p.clearLocked(&b)
	p.barsLocked(&b, now)
	p.write(b.String())
}

// clearLocked moves the cursor up to the first bar line and clears from
// there to the end of the screen.
func (p *progress) clearLocked(b *strings.Builder) {
	if p.drawn > 0 {
		fmt.Fprintf(b, "\x1b[%dA", p.drawn)
	}
	b.WriteString("\r\x1b[J")
}

func (p *progress) barsLocked(b *strings.Builder, now time.Time) {
	width := p.columns() - 1 // a line as wide as the terminal wraps on some terminals
	elapsed := now.Sub(p.start)
	lines := []string{p.articles.line(width, elapsed), p.stories.line(width, elapsed)}
	if p.waiting != "" && now.Before(p.waitingUntil) {
		lines = append(lines, fit(p.waiting, width))
	}
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	p.drawn = len(lines)
}

// write sends s to the terminal; after a failed write (a closed
// terminal) nothing more is tried.
func (p *progress) write(s string) {
	if p.err {
		return
	}
	if _, err := io.WriteString(p.w, s); err != nil {
		p.err = true
	}
}

// printLine prints one line above the bars: where they were, then the
// bars again below it.
func (p *progress) printLine(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	p.clearLocked(&b)
	b.WriteString(line)
	b.WriteByte('\n')
	p.barsLocked(&b, p.now())
	p.write(b.String())
}

// problem prints a short line for a problem above the bars and keeps its
// full text for the end of the run.
func (p *progress) problem(short, full string) {
	line := fit(short, p.columns()-1)
	p.mu.Lock()
	p.problems = append(p.problems, full)
	if line != full {
		p.problemsShortened = true
	}
	p.mu.Unlock()
	p.printLine(line)
}

// line renders the counter as one line of at most width columns, for
// example
//
//	articles ███████████░░░░░░░  97/120  81%  152 articles/s  1s left
//
// dropping the rate and time left, then the bar, when the terminal is
// too narrow for them.
func (c counter) line(width int, elapsed time.Duration) string {
	total := max(c.total, c.done, 1)
	pct := 100 * c.done / total
	count := fmt.Sprintf("%d/%d %3d%%", c.done, total, pct)
	var tail string
	if secs := elapsed.Seconds(); c.done > 0 && secs > 0 {
		rate := float64(c.done) / secs
		unit := c.many
		if fmt.Sprintf("%.0f", rate) == "1" {
			unit = c.one
		}
		tail = fmt.Sprintf("%.0f %s/s", rate, unit)
		if left := c.total - c.done; left > 0 {
			tail += ", " + roundDuration(time.Duration(float64(left)/rate*float64(time.Second))) + " left"
		} else {
			tail += ", " + roundDuration(elapsed)
		}
	}
	label := fmt.Sprintf("%-8s", c.label)
	for _, withTail := range []bool{true, false} {
		rest := count
		if withTail && tail != "" {
			rest += "  " + tail
		}
		// Counting the rest as at least restColumns wide keeps the two
		// bars the same length while their counts differ.
		barWidth := width - utf8.RuneCountInString(label) - max(utf8.RuneCountInString(rest), restColumns) - 2
		if barWidth >= 10 {
			barWidth = min(barWidth, 40)
			filled := barWidth * c.done / total
			return label + " " + strings.Repeat("█", filled) + strings.Repeat("░", barWidth-filled) + " " + rest
		}
	}
	return fit(label+" "+count, width)
}

// restColumns is the width the count, rate and time left take on a bar
// line: "125/125 100%  131 articles/s, 12 s left" and a little more.
const restColumns = 42

// fit cuts s to at most width columns, ending it with "…" when cut.
// Runes are counted as one column each, which holds for the text drawn
// here (story IDs are ASCII slugs).
func fit(s string, width int) string {
	if width < 1 {
		return ""
	}
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	return string(r[:width-1]) + "…"
}

// roundDuration writes d in whole seconds, or minutes and seconds.
func roundDuration(d time.Duration) string {
	d = d.Round(time.Second)
	if d < time.Minute {
		return fmt.Sprintf("%d s", int(d.Seconds()))
	}
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}

// plural writes n and the noun in the form that goes with it: "1 story",
// "2 stories".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// logger returns the run's logger while the bars are up. With log.format
// auto, a person is watching: informational lines ("story done") are
// left out, since the bars and the summary say the same, and each
// warning or failure becomes one short line above the bars, its full
// text printed again at the end when it had to be shortened. An explicit
// log.format text or json is honoured, printed above the bars.
func (p *progress) logger(cfg *config.Config) *slog.Logger {
	if cfg.Log.Format == "text" || cfg.Log.Format == "json" {
		return newLoggerTo(cfg, lineWriter{p}, true)
	}
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	return slog.New(&problemHandler{p: p, level: max(level, slog.LevelWarn), showWaits: level <= slog.LevelInfo})
}

// lineWriter prints each log line it is given above the bars.
type lineWriter struct{ p *progress }

func (l lineWriter) Write(b []byte) (int, error) {
	l.p.printLine(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// problemHandler is the slog.Handler of logger: it turns each warning or
// error into a line a person reads, such as
//
//	warning: harbor-bridge: article a.txt has no outlet name …
type problemHandler struct {
	p         *progress
	level     slog.Level
	showWaits bool // the configured level lets informational records through
	attrs     []slog.Attr
}

// Enabled takes informational records too, for the waits a run is held
// by (see Handle), unless the configured level is above them.
func (h *problemHandler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level || l >= slog.LevelInfo && h.level <= slog.LevelWarn && h.showWaits
}

// Handle prints a warning or failure above the bars, and shows a wait
// (a record with "limit" and "wait_ms", which the run logs when a
// provider's limit holds calls) as the line under the bars.
func (h *problemHandler) Handle(_ context.Context, r slog.Record) error {
	vals := map[string]string{}
	for _, a := range h.attrs {
		vals[a.Key] = a.Value.String()
	}
	r.Attrs(func(a slog.Attr) bool {
		vals[a.Key] = a.Value.String()
		return true
	})
	if r.Level < h.level {
		if ms, err := strconv.ParseInt(vals["wait_ms"], 10, 64); err == nil && vals["limit"] != "" {
			h.p.Waiting(vals["limit"], time.Duration(ms)*time.Millisecond)
		}
		return nil
	}
	what := "warning"
	if r.Level >= slog.LevelError {
		what = "failed"
	}
	var b strings.Builder
	b.WriteString(what + ": ")
	if s := vals["story"]; s != "" {
		b.WriteString(s + ": ")
	}
	for _, k := range []string{"stage", "article", "path"} {
		if v := vals[k]; v != "" {
			b.WriteString(v + ": ")
		}
	}
	switch {
	case vals["warning"] != "":
		b.WriteString(vals["warning"])
	case vals["error"] != "":
		if r.Message != "failed" {
			b.WriteString(r.Message + ": ")
		}
		b.WriteString(vals["error"])
	default:
		b.WriteString(r.Message)
	}
	line := b.String()
	h.p.problem(line, line)
	return nil
}

func (h *problemHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append(append([]slog.Attr(nil), h.attrs...), attrs...)
	return &c
}

// WithGroup is not used by the pipeline's logging; attributes stay flat.
func (h *problemHandler) WithGroup(string) slog.Handler { return h }

// printInterrupted tells a person whose run was interrupted what is left
// and how to finish it.
func printInterrupted(w io.Writer, res *pipeline.Result, inputs int) {
	m := res.Manifest
	if m.Status != "interrupted" {
		return
	}
	cut := 0
	for _, s := range m.Stories {
		if s.Status == "interrupted" {
			cut++
		}
	}
	notStarted := max(inputs-len(m.Stories), 0)
	fmt.Fprintf(w, "interrupted: %s of %d not started", plural(notStarted, "story", "stories"), inputs)
	if cut > 0 {
		fmt.Fprintf(w, ", %s cut short", plural(cut, "story", "stories"))
	}
	fmt.Fprintln(w, "; run the same command again to resume (calls already answered come from the cache and are not sent again)")
}
