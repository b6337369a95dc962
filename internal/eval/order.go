package eval

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/summarize/summarize/internal/grounding"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// Overlap compares two sets: Jaccard = Same / Union.
type Overlap struct {
	Same  int `json:"same"`
	Union int `json:"union"`
}

// Jaccard is Same/Union; two empty sets are the same (1).
func (o Overlap) Jaccard() float64 {
	if o.Union == 0 {
		return 1
	}
	return float64(o.Same) / float64(o.Union)
}

// OrderStory is how much one story's outputs changed when its articles
// came in reverse order: the brief's sentences and the quotes of its
// disputed points (and omissions), each compared once folded (grounding.Fold).
type OrderStory struct {
	Story     string  `json:"story"`
	Sentences Overlap `json:"sentences"`
	Quotes    Overlap `json:"quotes"`
}

// OrderReport compares a run with its reversed twin.
type OrderReport struct {
	Stories []OrderStory `json:"stories"`
	// Total pools every story's sets.
	Total OrderStory `json:"total"`
}

// CompareOrder compares the run folder forward with reversed, a run of the
// same inputs with each story's articles in reverse order. It only reads.
func CompareOrder(forward, reversed string) (*OrderReport, error) {
	mf, err := manifest.Read(filepath.Join(forward, "manifest.json"))
	if err != nil {
		return nil, err
	}
	mr, err := manifest.Read(filepath.Join(reversed, "manifest.json"))
	if err != nil {
		return nil, err
	}
	dirs := map[string]string{}
	for _, s := range mr.Stories {
		dirs[s.ID] = s.Dir
	}
	r := &OrderReport{Total: OrderStory{Story: "total"}}
	for _, s := range mf.Stories {
		rdir, ok := dirs[s.ID]
		if !ok || !filepath.IsLocal(s.Dir) || !filepath.IsLocal(rdir) {
			continue
		}
		a, err := orderSets(filepath.Join(forward, s.Dir))
		if err != nil {
			return nil, err
		}
		b, err := orderSets(filepath.Join(reversed, rdir))
		if err != nil {
			return nil, err
		}
		o := OrderStory{Story: s.ID, Sentences: overlap(a.sentences, b.sentences), Quotes: overlap(a.quotes, b.quotes)}
		r.Stories = append(r.Stories, o)
		r.Total.Sentences.Same += o.Sentences.Same
		r.Total.Sentences.Union += o.Sentences.Union
		r.Total.Quotes.Same += o.Quotes.Same
		r.Total.Quotes.Union += o.Quotes.Union
	}
	return r, nil
}

type sets struct{ sentences, quotes map[string]bool }

func orderSets(dir string) (sets, error) {
	s := sets{sentences: map[string]bool{}, quotes: map[string]bool{}}
	var b story.Brief
	if err := readJSON(filepath.Join(dir, "brief.json"), &b); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return s, err
	}
	for _, sent := range grounding.Sentences(b.Markdown) {
		s.sentences[grounding.Fold(sent.Text)] = true
	}
	var d story.Disputes
	if err := readJSON(filepath.Join(dir, "disputes.json"), &d); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return s, err
	}
	for _, list := range [][]story.Point{d.DisputedPoints, d.Omissions} {
		for _, p := range list {
			for _, pos := range p.Positions {
				s.quotes[pos.Source+"\x00"+grounding.Fold(pos.Quote)] = true
			}
		}
	}
	return s, nil
}

func overlap(a, b map[string]bool) Overlap {
	o := Overlap{Union: len(b)}
	for k := range a {
		if b[k] {
			o.Same++
		} else {
			o.Union++
		}
	}
	return o
}

// WriteText writes one line per story and a last line
// "total: sentences=J quotes=J".
func (r *OrderReport) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, s := range r.Stories {
		fmt.Fprintf(&b, "%s\tsentences %.2f (%d of %d)\tquotes %.2f (%d of %d)\n", s.Story,
			s.Sentences.Jaccard(), s.Sentences.Same, s.Sentences.Union, s.Quotes.Jaccard(), s.Quotes.Same, s.Quotes.Union)
	}
	fmt.Fprintf(&b, "total: sentences=%.2f quotes=%.2f\n", r.Total.Sentences.Jaccard(), r.Total.Quotes.Jaccard())
	_, err := io.WriteString(w, b.String())
	return err
}
