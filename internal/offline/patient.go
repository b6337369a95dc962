package offline

import (
	"slices"
	"strings"
)

// A patient claim is one sentence's word on whom a personnel act befell:
// "The ward manager has been suspended" against "A senior matron has been
// suspended". Who was suspended, arrested, charged or appointed is a fact
// outlets get wrong as often as who did something, and the passive that
// reports it names no doer to compare.
type patient struct {
	said        // whom it befell
	verb string // lemma of the personnel verb
}

// said is a claim told in a phrase: its sentence, the phrase's content
// stems and the phrase as written.
type said struct {
	cand   int
	words  []string
	phrase string
}

// agreesWith reports whether two phrases tell the same thing: they share
// a word, or either article names the other's phrase (a person may hold
// two posts; an article that names both disputes neither).
func (p said) agreesWith(q said, a *analysis) bool {
	return sharesStem(p.words, q.words) ||
		strings.Contains(a.lowerText[a.cands[q.cand].doc], strings.ToLower(p.phrase)) ||
		strings.Contains(a.lowerText[a.cands[p.cand].doc], strings.ToLower(q.phrase))
}

// personnelVerbs are the acts done to a person in a story's aftermath.
var personnelVerbs = wordSet(`suspended sacked fired dismissed arrested charged appointed named promoted
disciplined questioned detained removed`)

// patientPoints reports sources that say the same personnel act befell
// different people: the same verb, subjects that share no word, neither
// named in the other's article.
func (f *finder) patientPoints() []candidate {
	a := f.a
	var ps []patient
	for i, s := range a.cands {
		ps = append(ps, readPatients(i, s.tokens)...)
	}
	if len(ps) < 2 {
		return nil
	}
	agree := func(x, y int) bool { return ps[x].agreesWith(ps[y].said, a) }
	compare := func(x, y int) (bool, bool) {
		return ps[x].verb == ps[y].verb, agree(x, y)
	}
	phrase := func(x int) string { return ps[x].phrase }
	set := claimSet{cand: func(x int) int { return ps[x].cand }, compare: compare, agree: agree, claim: phrase, value: phrase}
	return f.splitPoints(len(ps), set, "Whom", 0.9, "%s say %s", func(members []int) string {
		return "Who was " + surfaceVerb(a.cands[ps[members[0]].cand].tokens, ps[members[0]].verb)
	})
}

// readPatients finds a sentence's personnel passives: "<subject> has been
// suspended", "<subject> was arrested"; one with its doer ("was
// suspended by the trust") or its subject a pronoun tells nothing to
// compare.
func readPatients(cand int, ts []token) []patient {
	var out []patient
	for k, t := range ts {
		if !personnelVerbs[t.low] {
			continue
		}
		aux := passiveAux(ts, k)
		if aux == 0 || agentAfter(ts, k+1) > 0 {
			continue
		}
		if a := ts[aux-1].low; a == "has" || a == "have" || a == "had" {
			aux--
		}
		subject := subjectPhrase(ts, aux)
		if len(subject) == 0 || pronouns[subject[0].low] {
			continue
		}
		var words, text []string
		for _, s := range subject {
			text = append(text, s.text)
			if !stopWords[s.low] && len(s.low) >= 3 {
				words = append(words, stem(s.low))
			}
		}
		if len(words) == 0 {
			continue
		}
		out = append(out, patient{said: said{cand: cand, words: words, phrase: strings.Join(text, " ")}, verb: lemma(t.low)})
	}
	return out
}

// subjectPhrase returns the noun phrase whose verb's auxiliary is ts[aux]:
// the clause before it (from its start, a comma, a reporting verb or
// "that" on), from its first article up to a preposition or a relative
// word, at most five words, articles dropped ("The ward manager", "the
// senior matron responsible for the ward" gives "senior matron
// responsible").
func subjectPhrase(ts []token, aux int) []token {
	start := aux
	for start > 0 {
		p := ts[start-1]
		if p.punct || clauseOpeners[p.low] || p.low == "and" || p.low == "that" || reportingVerbs[p.low] {
			break
		}
		start--
	}
	span := ts[start:aux]
	if k := slices.IndexFunc(span, func(t token) bool { return determiners[t.low] }); k >= 0 {
		span = span[k+1:]
	}
	var out []token
	for _, t := range span {
		if t.num || subjectEnds[t.low] || len(out) == 5 {
			break
		}
		out = append(out, t)
	}
	return out
}

// subjectEnds end a subject's noun phrase: a preposition or a relative
// word starts what follows it.
var subjectEnds = wordSet("for of in at on with from who which that whose to by")

// surfaceVerb is the first word of ts whose lemma is verb, as written.
func surfaceVerb(ts []token, verb string) string {
	for _, t := range ts {
		if !t.punct && lemma(t.low) == verb {
			return t.low
		}
	}
	return verb
}
