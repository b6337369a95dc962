package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
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

// progress draws one bar per stage on a terminal: articles summarized
// (the map stage) and stories reduced (brief and disputes), each with its
// count, rate and time left. It implements pipeline.Observer; its methods
// are safe for concurrent use.
//
// The number of articles is known only as stories are loaded, so until
// the last story starts the articles bar's total is extrapolated from the
// stories seen so far.
type progress struct {
	screen            *screen
	articles, stories *progressbar.ProgressBar
	totalStories      int

	mu                    sync.Mutex
	started, articlesSeen int
}

func newProgress(w io.Writer, totalStories int) *progress {
	s := &screen{w: w, lines: make([][]byte, 2)}
	// Reserve the bars' lines; the cursor stays on the line below them.
	fmt.Fprint(w, "\n\n")
	bar := func(line int, desc, unit string, max int) *progressbar.ProgressBar {
		return progressbar.NewOptions(max,
			progressbar.OptionSetWriter(s.line(line)),
			progressbar.OptionUseANSICodes(true),
			progressbar.OptionSetDescription(desc),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString(unit),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetRenderBlankState(true),
		)
	}
	return &progress{
		screen:       s,
		articles:     bar(0, "articles summarized", "articles", max(totalStories, 1)),
		stories:      bar(1, "stories reduced    ", "stories", max(totalStories, 1)),
		totalStories: totalStories,
	}
}

func (p *progress) StoryStarted(st *story.Story) {
	p.mu.Lock()
	p.started++
	p.articlesSeen += len(st.Articles)
	total := p.articlesSeen
	if p.started < p.totalStories {
		total = p.articlesSeen * p.totalStories / p.started
	}
	p.mu.Unlock()
	p.articles.ChangeMax(max(total, 1))
}

func (p *progress) ArticleDone(st *story.Story, a *story.Article, err error) {
	p.articles.Add(1)
}

func (p *progress) StoryDone(st *story.Story, rec manifest.Story) {
	p.stories.Add(1)
}

// finish draws the bars' final state and leaves the cursor below them.
func (p *progress) finish() {
	p.articles.Exit()
	p.stories.Exit()
}

// logWriter returns a writer for log lines that prints them above the
// bars, so logs and bars do not overwrite each other.
func (p *progress) logWriter() io.Writer { return logLines{p.screen} }

// screen owns the terminal lines of the bars. Each bar writes to its own
// line through the cursor save and restore codes, and log lines are
// printed above the bars, which are then drawn again.
type screen struct {
	mu    sync.Mutex
	w     io.Writer
	lines [][]byte // the last frame drawn on each bar's line
}

type screenLine struct {
	s    *screen
	line int
}

func (s *screen) line(i int) io.Writer { return screenLine{s, i} }

func (l screenLine) Write(p []byte) (int, error) {
	s := l.s
	s.mu.Lock()
	defer s.mu.Unlock()
	frame := p
	for {
		if rest, ok := bytes.CutPrefix(frame, []byte("\r")); ok {
			frame = rest
		} else if rest, ok := bytes.CutPrefix(frame, []byte("\x1b[2K")); ok {
			frame = rest
		} else {
			break
		}
	}
	if len(bytes.TrimSpace(frame)) > 0 {
		s.lines[l.line] = append(s.lines[l.line][:0], frame...)
	}
	up := len(s.lines) - l.line
	// Save the cursor, go up to the bar's line, draw, restore.
	_, err := fmt.Fprintf(s.w, "\x1b7\x1b[%dA\r%s\x1b8", up, p)
	return len(p), err
}

type logLines struct{ s *screen }

func (l logLines) Write(p []byte) (int, error) {
	s := l.s
	s.mu.Lock()
	defer s.mu.Unlock()
	var b bytes.Buffer
	// Go up to the first bar, clear to the end of the screen, print the
	// log line where the bars were and draw the bars below it.
	fmt.Fprintf(&b, "\x1b[%dA\r\x1b[J", len(s.lines))
	b.Write(p)
	if len(p) > 0 && p[len(p)-1] != '\n' {
		b.WriteByte('\n')
	}
	for _, frame := range s.lines {
		b.Write(frame)
		b.WriteByte('\n')
	}
	if _, err := s.w.Write(b.Bytes()); err != nil {
		return 0, err
	}
	return len(p), nil
}
