package rundiff

import (
	"fmt"
	"strings"

	"github.com/summarize/summarize/internal/eval"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/internal/story"
)

// Quality sets the two runs' checks, eval figures and uncached usage side
// by side: what prompt tuning is judged by.
type Quality struct {
	// Checks lists every check (story.CheckNames) summed over each run's
	// stories.
	Checks []CheckRow
	// EvalA and EvalB are the eval totals (package eval) of runs whose
	// inputs have truth files; nil when a run has none.
	EvalA, EvalB *eval.Score
	// UncachedA and UncachedB are each run's tokens and cost as sent plus
	// what its cache hits cost when they were sent: what the run would
	// cost without the cache, so a cached run does not look cheaper.
	UncachedA, UncachedB Uncached
}

// CheckRow is one check's count in each run.
type CheckRow struct {
	Name string
	A, B int
}

// Uncached is a run's usage had no reply come from the cache.
type Uncached struct {
	PromptTokens, CompletionTokens int
	CostUSD                        float64
}

func uncached(m *manifest.Manifest, storyID string) Uncached {
	var u Uncached
	for _, c := range m.Calls {
		if storyID != "" && c.Story != storyID {
			continue
		}
		u.PromptTokens += c.PromptTokens + c.CachedPromptTokens
		u.CompletionTokens += c.CompletionTokens + c.CachedCompletionTokens
		u.CostUSD += c.CostUSD + c.CachedCostUSD
	}
	return u
}

// quality compares the runs' checks, eval figures and uncached usage.
func quality(dirA, dirB string, ma, mb *manifest.Manifest) Quality {
	q := Quality{UncachedA: uncached(ma, ""), UncachedB: uncached(mb, "")}
	sum := func(m *manifest.Manifest, name string) int {
		n := 0
		for _, s := range m.Stories {
			n += s.Checks[name]
		}
		return n
	}
	for _, name := range story.CheckNames {
		q.Checks = append(q.Checks, CheckRow{Name: name, A: sum(ma, name), B: sum(mb, name)})
	}
	score := func(dir string) *eval.Score {
		r, err := eval.Evaluate(dir)
		if err != nil || len(r.Stories) == 0 {
			return nil
		}
		return &r.Total
	}
	q.EvalA, q.EvalB = score(dirA), score(dirB)
	return q
}

// storyChecks lists the checks whose count differs for one story.
func storyChecks(a, b manifest.Story) []CheckRow {
	var out []CheckRow
	for _, name := range story.CheckNames {
		if a.Checks[name] != b.Checks[name] {
			out = append(out, CheckRow{Name: name, A: a.Checks[name], B: b.Checks[name]})
		}
	}
	return out
}

// EvalRows are the eval figures of both runs as printable pairs (name, A,
// B); none when neither run has truth files.
func (q Quality) EvalRows() [][3]string {
	if q.EvalA == nil && q.EvalB == nil {
		return nil
	}
	f := func(s *eval.Score, v func(*eval.Score) string) string {
		if s == nil {
			return "-"
		}
		return v(s)
	}
	var rows [][3]string
	for _, r := range []struct {
		name string
		v    func(*eval.Score) string
	}{
		{"dispute recall", func(s *eval.Score) string { return fmt.Sprintf("%.2f", s.Disputes.Recall()) }},
		{"dispute precision", func(s *eval.Score) string { return fmt.Sprintf("%.2f", s.Disputes.Precision()) }},
		{"contradicted (truth)", func(s *eval.Score) string { return fmt.Sprint(s.Contradicted) }},
		{"one-sided (truth)", func(s *eval.Score) string { return fmt.Sprintf("%d/%d", s.OneSided, s.Touched) }},
	} {
		rows = append(rows, [3]string{r.name, f(q.EvalA, r.v), f(q.EvalB, r.v)})
	}
	return rows
}

func checkChanges(rows []CheckRow) string {
	var parts []string
	for _, r := range rows {
		parts = append(parts, fmt.Sprintf("%s %d -> %d", r.Name, r.A, r.B))
	}
	return strings.Join(parts, ", ")
}
