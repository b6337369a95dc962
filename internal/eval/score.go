package eval

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summarize/summarize/internal/grounding"
	"github.com/summarize/summarize/internal/story"
)

// Counts are the dispute figures of one kind, one story or a whole run.
type Counts struct {
	// Truth disputes, and how many of them a reported point matched.
	Truth int `json:"truth"`
	Found int `json:"found"`
	// Reported disputed points, and how many of them match a truth dispute.
	Reported int `json:"reported"`
	Correct  int `json:"correct"`
}

// Recall is Found/Truth, 0 without truth.
func (c Counts) Recall() float64 { return ratio(c.Found, c.Truth) }

// Precision is Correct/Reported, 0 without reported points.
func (c Counts) Precision() float64 { return ratio(c.Correct, c.Reported) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (c *Counts) add(o Counts) {
	c.Truth += o.Truth
	c.Found += o.Found
	c.Reported += o.Reported
	c.Correct += o.Correct
}

// Score is what one story (or, summed, a run) scored.
type Score struct {
	Story    string            `json:"story,omitempty"`
	Disputes Counts            `json:"disputes"`
	ByKind   map[string]Counts `json:"by_kind"`
	// Omissions: Truth omissions, Found among the reported omissions;
	// Reported omissions, Correct those matching a truth omission.
	Omissions Counts `json:"omissions"`
	// AgreementsDisputed counts reported points that set sources against
	// each other on something the truth says they agree on.
	AgreementsDisputed int `json:"agreements_disputed"`
	// Contradicted counts (brief sentence, cited source) pairs where the
	// sentence holds another side's value of a truth dispute and none of
	// the cited source's own.
	Contradicted int `json:"contradicted"`
	// OneSided counts truth disputes of which the brief states exactly one
	// side; Touched those of which it states at least one.
	OneSided int `json:"one_sided"`
	Touched  int `json:"touched"`
	// OffTopic counts the truth's off-topic articles, SetAside those that
	// neither the brief nor a disputed point cites.
	OffTopic int `json:"off_topic"`
	SetAside int `json:"set_aside"`
	// Checks are the run's check counts for the story (manifest
	// stories[].checks), summed in a total.
	Checks map[string]int `json:"checks,omitempty"`
	// Notes say what was missed, extra or contradicted, for people.
	Notes []string `json:"notes,omitempty"`
}

// Outputs are what a run wrote for one story; any may be nil.
type Outputs struct {
	Story    *story.Story
	Brief    *story.Brief
	Disputes *story.Disputes
	Checks   map[string]int
}

// ScoreStory scores one story's outputs against its truth.
func ScoreStory(out Outputs, t *Truth) Score {
	s := Score{ByKind: map[string]Counts{}, Checks: out.Checks}
	if out.Story != nil {
		s.Story = out.Story.ID
	}
	var points, omissions []story.Point
	if out.Disputes != nil {
		points, omissions = out.Disputes.DisputedPoints, out.Disputes.Omissions
	}
	// Each reported point finds at most one truth dispute and each truth
	// dispute is found at most once, so a broad point quoting several
	// figures does not count for all of them.
	pair := match(len(t.Disputes), len(points), func(i, j int) bool { return Matches(points[j], t.Disputes[i]) },
		func(i, j int) bool { return namedBy(points[j].Topic, t.Disputes[i]) })
	for i, d := range t.Disputes {
		k := s.ByKind[d.Kind]
		k.Truth++
		if pair[i] >= 0 {
			k.Found++
		} else {
			s.Notes = append(s.Notes, "missed "+d.Kind+" "+quote(d.Topic))
		}
		s.ByKind[d.Kind] = k
	}
	matched := make([]bool, len(points))
	for _, j := range pair {
		if j >= 0 {
			matched[j] = true
		}
	}
	for j, p := range points {
		k := s.ByKind[p.Kind]
		k.Reported++
		if matched[j] {
			k.Correct++
		} else {
			s.Notes = append(s.Notes, "extra "+p.Kind+" "+quote(p.Topic))
			if slices.ContainsFunc(t.Agreements, func(a Claim) bool { return disputesAgreement(p, a) }) {
				s.AgreementsDisputed++
				s.Notes = append(s.Notes, "  … sets agreeing sources against each other")
			}
		}
		s.ByKind[p.Kind] = k
	}
	for _, k := range s.ByKind {
		s.Disputes.add(k)
	}
	s.Omissions.Truth, s.Omissions.Reported = len(t.Omissions), len(omissions)
	for _, o := range t.Omissions {
		if slices.ContainsFunc(omissions, func(p story.Point) bool { return matchesOmission(p, o) }) {
			s.Omissions.Found++
		}
	}
	for _, p := range omissions {
		if slices.ContainsFunc(t.Omissions, func(o Claim) bool { return matchesOmission(p, o) }) {
			s.Omissions.Correct++
		}
	}
	if out.Story != nil && out.Brief != nil {
		s.scoreBrief(out.Story, out.Brief, t)
	}
	s.OffTopic = len(t.OffTopic)
	for _, id := range t.OffTopic {
		if !citedAnywhere(id, out) {
			s.SetAside++
		}
	}
	return s
}

// match pairs truths with reported points where ok(truth, point), as many
// as possible (a maximum bipartite matching, by augmenting paths: the
// lists are a few dozen long). It returns, for each truth, the index of its
// point or -1. Among matchings of that size it leans to pairs where
// prefer(truth, point), trying those edges first: the count is the same,
// but the truths listed as missed are more often the ones no point is
// about.
func match(truths, points int, ok, prefer func(i, j int) bool) []int {
	pointOf := make([]int, truths)
	truthOf := make([]int, points)
	for i := range pointOf {
		pointOf[i] = -1
	}
	for j := range truthOf {
		truthOf[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for _, first := range []bool{true, false} {
			for j := 0; j < points; j++ {
				if seen[j] || prefer(i, j) != first || !ok(i, j) {
					continue
				}
				seen[j] = true
				if truthOf[j] < 0 || try(truthOf[j], seen) {
					pointOf[i], truthOf[j] = j, i
					return true
				}
			}
		}
		return false
	}
	// A truth once matched stays matched as paths augment, so the truths
	// some point names go first: they are not left out for one that a
	// point only quotes around.
	order := make([]int, truths)
	for i := range order {
		order[i] = i
	}
	named := make([]bool, truths)
	for i := range named {
		for j := 0; j < points && !named[i]; j++ {
			named[i] = prefer(i, j) && ok(i, j)
		}
	}
	sort.SliceStable(order, func(x, y int) bool { return named[order[x]] && !named[order[y]] })
	for _, i := range order {
		try(i, make([]bool, points))
	}
	return pointOf
}

// namedBy reports whether a point's topic holds one of d's keywords: the
// point is about d by name, not only through its quotes.
func namedBy(topic string, d Dispute) bool {
	return containsAny(strings.ToLower(topic), d.Keywords)
}

// Matches reports whether a reported point is the truth dispute d: its
// topic or quotes hold one of d's keywords or value forms, and at least
// two of its sources are among d's, on different sides where the truth
// gives values (two sources that say the same thing are no dispute).
func Matches(p story.Point, d Dispute) bool {
	terms := slices.Clone(d.Keywords)
	for _, pos := range d.Positions {
		terms = append(terms, pos.Match...)
	}
	if !onTopic(p, terms) {
		return false
	}
	var shared []Position
	for _, src := range pointSources(p) {
		for _, pos := range d.Positions {
			if pos.Source == src {
				shared = append(shared, pos)
				break
			}
		}
	}
	if len(shared) < 2 {
		return false
	}
	valued := slices.ContainsFunc(d.Positions, func(pos Position) bool { return pos.Value != "" || len(pos.Match) > 0 })
	if !valued {
		return true
	}
	for i := range shared {
		for j := range shared[:i] {
			if !sameSide(shared[i], shared[j]) {
				return true
			}
		}
	}
	return false
}

// sameSide reports whether two positions say the same thing: equal values,
// or a surface form in common ("3%" and "3 percent").
func sameSide(a, b Position) bool {
	if a.Value != "" && strings.EqualFold(strings.TrimSpace(a.Value), strings.TrimSpace(b.Value)) {
		return true
	}
	for _, m := range a.Match {
		if slices.ContainsFunc(b.Match, func(n string) bool { return strings.EqualFold(m, n) }) {
			return true
		}
	}
	return false
}

// disputesAgreement reports whether a factual or timing point sets two of
// an agreement's sources against each other, each quoting its wording: two
// that the point gives the same claim are on one side, and dispute nothing.
func disputesAgreement(p story.Point, a Claim) bool {
	if p.Kind != story.KindFactual && p.Kind != story.KindTiming {
		return false
	}
	claims := make(map[string]string) // source: its claim
	for _, pos := range p.Positions {
		if _, seen := claims[pos.Source]; seen || !slices.Contains(a.Sources, pos.Source) {
			continue
		}
		if containsAny(strings.ToLower(pos.Quote), a.Keywords) {
			claims[pos.Source] = strings.ToLower(strings.TrimSpace(pos.Claim))
		}
	}
	for _, c := range claims {
		for _, d := range claims {
			if c != d {
				return true
			}
		}
	}
	return false
}

// matchesOmission reports whether a reported omission is the truth's: on
// its topic and from one of its sources.
func matchesOmission(p story.Point, o Claim) bool {
	return onTopic(p, o.Keywords) && slices.ContainsFunc(pointSources(p), func(s string) bool { return slices.Contains(o.Sources, s) })
}

func onTopic(p story.Point, terms []string) bool {
	text := strings.ToLower(p.Topic)
	for _, pos := range p.Positions {
		text += "\n" + strings.ToLower(pos.Quote)
	}
	return containsAny(text, terms)
}

func containsAny(lowText string, terms []string) bool {
	for _, k := range terms {
		if k != "" && containsForm(lowText, strings.ToLower(k)) {
			return true
		}
	}
	return false
}

// containsForm reports whether form occurs in text as a whole word or
// phrase: "3%" is not found in "13%", nor "Hale" in "Whale", nor "11" in
// "11:15" or "2.5" (see inNumber).
func containsForm(text, form string) bool {
	for off := 0; ; {
		i := strings.Index(text[off:], form)
		if i < 0 {
			return false
		}
		i += off
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[i+len(form):])
		first, _ := utf8.DecodeRuneInString(form)
		last, _ := utf8.DecodeLastRuneInString(form)
		okBefore := i == 0 || !isWordRune(first) || !isWordRune(before) && !inNumber(text[:i], first, false)
		okAfter := i+len(form) == len(text) || !isWordRune(last) || !isWordRune(after) && !inNumber(text[i+len(form):], last, true)
		if okBefore && okAfter && !dayOfMonth(text[:i], form, text[i+len(form):]) {
			return true
		}
		off = i + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func pointSources(p story.Point) []string {
	var out []string
	for _, pos := range p.Positions {
		if !slices.Contains(out, pos.Source) {
			out = append(out, pos.Source)
		}
	}
	return out
}

// sides groups a dispute's positions that say the same thing; only
// positions with surface forms take part.
func sides(d Dispute) [][]Position {
	var out [][]Position
	for _, pos := range d.Positions {
		if len(pos.Match) == 0 {
			continue
		}
		i := slices.IndexFunc(out, func(side []Position) bool { return sameSide(side[0], pos) })
		if i < 0 {
			out = append(out, []Position{pos})
		} else {
			out[i] = append(out[i], pos)
		}
	}
	return out
}

func states(lowText string, side []Position) bool {
	for _, pos := range side {
		if containsAny(lowText, pos.Match) {
			return true
		}
	}
	return false
}

// scoreBrief counts the brief's contradicted citations and one-sided
// points against the truth's values.
func (s *Score) scoreBrief(st *story.Story, b *story.Brief, t *Truth) {
	var claims []string
	// A part that is word for word its cited source's own sentence
	// credits it with nothing it disputes, though the truth's forms for
	// another side may be found in it (a campaign that blames postponed
	// maintenance also writes that the rail "buckled in the heat").
	written := make(map[string]string, len(st.Articles))
	for _, a := range st.Articles {
		written[a.ID] = grounding.Fold(a.Text)
	}
	for _, sent := range grounding.Sentences(b.Markdown) {
		claims = append(claims, strings.ToLower(sent.Claim()))
		for _, part := range sent.Parts {
			text := strings.ToLower(part.Text)
			ids, _ := grounding.CitedSources(st, part.Labels)
			for _, d := range t.Disputes {
				ss := sides(d)
				for _, id := range ids {
					own := slices.IndexFunc(ss, func(side []Position) bool {
						return slices.ContainsFunc(side, func(p Position) bool { return p.Source == id })
					})
					if own < 0 || states(text, ss[own]) || grounding.VerifyFolded(part.Text, written[id]) {
						continue
					}
					for i, side := range ss {
						if i != own && states(text, side) {
							s.Contradicted++
							s.Notes = append(s.Notes, "contradicted: "+quote(sent.Text)+" cites "+id+", which says "+quote(ss[own][0].Value)+" on "+quote(d.Topic))
							break
						}
					}
				}
			}
		}
	}
	all := strings.Join(claims, "\n")
	for _, d := range t.Disputes {
		ss := sides(d)
		if len(ss) < 2 {
			continue
		}
		n := 0
		for _, side := range ss {
			if states(all, side) {
				n++
			}
		}
		if n > 0 {
			s.Touched++
		}
		if n == 1 {
			s.OneSided++
			s.Notes = append(s.Notes, "one-sided: "+quote(d.Topic))
		}
	}
}

// dayOfMonth reports whether form, a bare number, is the day of a date
// in text ("11" in "late on 11 March" or "March 11"): a count's form is
// not found in a date.
func dayOfMonth(before, form, after string) bool {
	if strings.TrimFunc(form, unicode.IsDigit) != "" {
		return false
	}
	next := strings.Fields(after)
	prev := strings.Fields(before)
	return len(next) > 0 && months[strings.ToLower(strings.Trim(next[0], ".,;:"))] && strings.HasPrefix(after, " ") ||
		len(prev) > 0 && months[strings.ToLower(prev[len(prev)-1])] && strings.HasSuffix(before, " ")
}

var months = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec") {
		m[w] = true
	}
	return m
}()

// inNumber reports whether a form's digit edge continues into the
// number beside it in text: a separator and then a digit, after the
// form's last digit ("11" in "11:15", "£2" in "£2,500") or before its
// first ("5" in "2.5").
func inNumber(side string, edge rune, after bool) bool {
	if !unicode.IsDigit(edge) {
		return false
	}
	if after {
		sep, n := utf8.DecodeRuneInString(side)
		next, _ := utf8.DecodeRuneInString(side[n:])
		return strings.ContainsRune(".,:", sep) && unicode.IsDigit(next)
	}
	sep, n := utf8.DecodeLastRuneInString(side)
	prev, _ := utf8.DecodeLastRuneInString(side[:len(side)-n])
	return strings.ContainsRune(".,:", sep) && unicode.IsDigit(prev)
}

func citedAnywhere(id string, out Outputs) bool {
	if out.Brief != nil {
		for _, c := range out.Brief.Citations {
			if c.Source == id {
				return true
			}
		}
	}
	if out.Disputes != nil {
		for _, p := range out.Disputes.DisputedPoints {
			if slices.Contains(pointSources(p), id) {
				return true
			}
		}
	}
	return false
}

// Add sums o into s (for a total); Story and Notes are left alone.
func (s *Score) Add(o Score) {
	s.Disputes.add(o.Disputes)
	s.Omissions.add(o.Omissions)
	if s.ByKind == nil {
		s.ByKind = map[string]Counts{}
	}
	for k, c := range o.ByKind {
		sum := s.ByKind[k]
		sum.add(c)
		s.ByKind[k] = sum
	}
	s.AgreementsDisputed += o.AgreementsDisputed
	s.Contradicted += o.Contradicted
	s.OneSided += o.OneSided
	s.Touched += o.Touched
	s.OffTopic += o.OffTopic
	s.SetAside += o.SetAside
	for k, v := range o.Checks {
		if s.Checks == nil {
			s.Checks = map[string]int{}
		}
		s.Checks[k] += v
	}
}

// kinds returns the kinds of s.ByKind in the order of story.Kinds.
func (s *Score) kinds() []string {
	var out []string
	for k := range s.ByKind {
		out = append(out, k)
	}
	order := func(k string) int {
		if i := slices.Index(story.Kinds, k); i >= 0 {
			return i
		}
		return len(story.Kinds)
	}
	sort.Slice(out, func(i, j int) bool {
		if order(out[i]) != order(out[j]) {
			return order(out[i]) < order(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

func quote(s string) string { return "\u201c" + s + "\u201d" }
