package offline

import (
	"slices"
	"strings"
)

// An act is one sentence's claim of who did something to something: "The
// recount was ordered by the returning officer" and "Penhale's agent
// requested the recount" are acts on "recount"; so are "raised the alarm"
// and "the alarm was raised by a passing taxi driver".
type act struct {
	cand    int
	verb    string   // stem of the verb as written ("order", "rais")
	object  string   // stem of the thing acted on
	objects []string // stems of the words naming it ("spending plan")
	agent   []string // content stems of who did it
	phrase  string   // who did it, as written
	named   bool     // the agent holds a name
	names   []string // stems of the names the agent holds
}

// agentPoints reports sources that credit the same act to different
// doers: acts on the same object with the same verb (or, in the passive
// "was … by" form, any verb of starting something, since "ordered" and
// "requested" a recount answer the same question), whose doers share no
// word and no name.
func (f *finder) agentPoints() []candidate {
	a := f.a
	var acts []act
	for i, s := range a.cands {
		acts = append(acts, readActs(i, s.tokens, a.proper)...)
	}
	if len(acts) < 2 {
		return nil
	}
	agree := func(x, y int) bool {
		p, q := acts[x], acts[y]
		// Two doers named by different names are two people, however
		// alike their titles ("council leader Marian Oduya", "deputy
		// leader Gareth Pyle").
		if len(p.names) > 0 && len(q.names) > 0 && !sharesStem(p.names, q.names) && !(orgDescription(p) && orgDescription(q)) {
			return false
		}
		// Doers agree when they share their head ("the driver", "a
		// passing taxi driver") or a name; a shared modifier is not
		// enough ("an independent security researcher" is not
		// "Corvane's in-house security team").
		if ph, qh := p.agent[len(p.agent)-1], q.agent[len(q.agent)-1]; ph == qh || slices.Contains(q.agent, ph) && slices.Contains(p.agent, qh) ||
			sharesStem(p.names, q.names) {
			return true
		}
		if !headed(p) || !headed(q) {
			for _, w := range p.agent {
				if slices.Contains(q.agent, w) {
					return true
				}
			}
		}
		if orgDescription(p) && orgDescription(q) {
			return true
		}
		// One names the other's doer somewhere: "Pavel Nowak" against
		// "the night guard", in an article that names Nowak as the guard.
		// Two names are two doers, though each article mentions the
		// other ("pharmacist Moira Tulloch" against "Kelderby Town
		// Council", in a paper that reports the council's next meeting).
		return p.named && !q.named && strings.Contains(a.lowerText[a.cands[q.cand].doc], strings.ToLower(p.phrase)) ||
			q.named && !p.named && strings.Contains(a.lowerText[a.cands[p.cand].doc], strings.ToLower(q.phrase))
	}
	compare := func(x, y int) (bool, bool) {
		p, q := acts[x], acts[y]
		same := (p.object == q.object || p.object == "" || q.object == "" || sharesStem(p.objects, q.objects)) &&
			(foldStem(p.verb) == foldStem(q.verb) || startVerbs[p.verb] && startVerbs[q.verb])
		return same || raisesAlarm(p, q) || raisesAlarm(q, p), agree(x, y)
	}
	phrase := func(x int) string { return acts[x].phrase }
	set := claimSet{cand: func(x int) int { return acts[x].cand }, compare: compare, agree: agree, claim: phrase, value: phrase}
	return f.splitPoints(len(acts), set, "Who", 0.9, "%s say %s", func(members []int) string {
		named := members[0]
		for _, x := range members {
			if acts[x].object != "" {
				named = x
				break
			}
		}
		return actTopic(a, acts[named])
	})
}

// headed reports whether a doer's last word is its head noun: a word for
// a person by trade or role, or for a body of them (a team, a unit).
func headed(x act) bool {
	h := x.agent[len(x.agent)-1]
	return personNoun(h) || groupNouns[h]
}

var groupNouns = stemSet("team unit crew squad department staff service officer")

// raisesAlarm reports whether p raises the alarm and q reports or finds
// the story's event, which is the same act ("the alarm was raised by a
// truck driver" against "a maintenance crew first reported the slide",
// "it was spotted by a passing taxi driver").
func raisesAlarm(p, q act) bool {
	if p.object != "alarm" || foldStem(p.verb) != foldStem(lemma("raised")) {
		return false
	}
	return q.verb == lemma("reported") || foldStem(q.verb) == foldStem(lemma("found")) && (q.object == "" || happenings[q.object])
}

// orgDescription reports whether a doer is an organisation by its last
// word, a word for a body ("company", "group", "firm"): two such doers of
// one act are two descriptions of the story's company ("the
// Dunmere-based company", "the FTSE 250 group").
func orgDescription(x act) bool {
	return len(x.agent) > 0 && orgNouns[x.agent[len(x.agent)-1]]
}

var orgNouns = stemSet("company group firm business maker manufacturer operator carrier airline retailer lender bank insurer trust plc")

// actTopic heads an agent point in the first act's words: "Who ordered
// the recount".
func actTopic(a *analysis, x act) string {
	if x.object == stem("alarm") && x.verb == lemma("raised") {
		return "Who raised the alarm" // also told as "called 999"
	}
	verb, object := "", ""
	ts := a.cands[x.cand].tokens
	for k, t := range ts {
		switch {
		case verb == "" && !t.punct && lemma(t.low) == x.verb && isPastVerb(t.low):
			verb = t.low
		case object == "" && !t.punct && stem(t.low) == x.object:
			// The object's noun phrase as far as its head: "the
			// criminal inquiry", "the spending plan".
			object = t.low
			for n := k + 1; n < len(ts) && n <= k+2 && slices.Contains(x.objects, stem(ts[n].low)) && !ts[n].punct; n++ {
				object += " " + ts[n].low
			}
			// "Who ordered the academy to close".
			if n := k + 1; n+1 < len(ts) && ts[n].low == "to" && slices.Contains(x.objects, stem(ts[n+1].low)) {
				object += " to " + ts[n+1].low
			}
		}
	}
	if past, ok := simplePasts[verb]; ok {
		verb = past // "had taken the decision": who took it
	}
	switch {
	case verb != "" && object == "":
		return "Who " + verb + " it"
	case verb == "" || object == "":
		return "Who is behind it"
	}
	return "Who " + verb + " the " + object
}

// simplePasts are the participles whose simple past differs, for headings
// ("Who took the decision", never "Who taken").
var simplePasts = map[string]string{
	"taken": "took", "given": "gave", "written": "wrote", "shown": "showed", "known": "knew", "chosen": "chose",
	"broken": "broke", "spoken": "spoke", "driven": "drove", "begun": "began", "done": "did", "seen": "saw",
	"drawn": "drew", "thrown": "threw", "flown": "flew", "stolen": "stole", "sworn": "swore", "torn": "tore",
	"hidden": "hid", "ridden": "rode", "risen": "rose", "frozen": "froze", "forgotten": "forgot",
}

// readActs finds the acts of one sentence, in both forms: "the alarm was
// raised by a passing taxi driver" (object, verb, by, doer) and "the night
// guard raised the alarm" (doer, verb, object).
func readActs(cand int, ts []token, proper map[string]bool) []act {
	var out []act
	if x, ok := cameToLight(cand, ts, proper); ok {
		out = append(out, x)
	}
	if x, ok := cleftAct(cand, ts, proper); ok {
		out = append(out, x)
	}
	for k := 1; k+2 < len(ts); k++ {
		v := ts[k]
		if v.punct || !isPastVerb(v.low) || reportingVerbs[v.low] || stopWords[v.low] && !actVerbs[v.low] {
			continue
		}
		// After a determiner a past form qualifies a noun ("an exiled
		// Korveshi activist", "the Amalgamated Mineworkers").
		// "That" before a past form that takes an article opens a
		// relative clause instead ("a search dog that located the group").
		if determiners[ts[k-1].low] && !(ts[k-1].low == "that" && (ts[k+1].low == "the" || ts[k+1].low == "a" || ts[k+1].low == "an")) {
			continue
		}
		// "Caused by", "the fire was started by" name a cause, which
		// causePoints compares; "a petition, started by pharmacist Moira
		// Tulloch" names who began a thing.
		if causeVerbs[v.low] && causesEvent(ts, k) {
			continue
		}
		// Passive: "<object> was <verb> by <doer>", "were closed on the
		// orders of <doer>", "was first reported by <doer>".
		if aux := passiveAux(ts, k); aux > 0 {
			if by := agentAfter(ts, k+1); by > 0 {
				obj := subjectHead(ts, aux)
				switch {
				case obj.low == "it" || obj.low == "they" || obj.low == "he" || obj.low == "she":
					obj.low = "" // a pronoun: the story's own thing
				case obj.punct || stopWords[obj.low] || obj.num:
					continue
				}
				if x, ok := newAct(cand, v.low, obj.low, ts[by:], proper); ok {
					out = append(out, x)
				}
				continue
			}
		}
		// A passive without its auxiliary, after the noun it qualifies:
		// "a petition, started by pharmacist Moira Tulloch", "a petition
		// launched by the town council".
		if by := agentAfter(ts, k+1); by > 0 && passiveAux(ts, k) == 0 {
			obj := k - 1
			if ts[obj].text == "," && obj > 0 {
				obj--
			}
			if o := ts[obj]; !o.punct && !o.num && !o.capital && !stopWords[o.low] {
				if x, ok := newAct(cand, v.low, o.low, ts[by:], proper); ok {
					out = append(out, x)
				}
			}
			continue
		}
		// Active: "<doer> <verb> the <object>"; a passive without its
		// "by" ("was given a rating of zero") names no doer.
		if passiveAux(ts, k) > 0 {
			continue
		}
		// "a teacher with the group called 999" raised the alarm.
		if callVerbs[v.low] && emergencyNumbers[ts[k+1].low] {
			if x, ok := newAct(cand, "raised", "alarm", doerBefore(ts, k), proper); ok {
				out = append(out, x)
			}
			continue
		}
		// "a collie called Bracken" names; it does nothing.
		if namingVerbs[v.low] && ts[k+1].capital {
			continue
		}
		j := k + 1
		for j < len(ts) && (ts[j].low == "the" || ts[j].low == "a" || ts[j].low == "an") {
			j++
		}
		// The object has its article, or is a name ("ordered Gate 12
		// to be opened"): a bare word after a past form is seldom its
		// object ("closed early", "reported missing").
		if j >= len(ts) || j == k+1 && !ts[j].capital || ts[j].punct || stopWords[ts[j].low] || ts[j].num {
			continue
		}
		if j+1 < len(ts) && ts[j+1].low == "by" {
			continue
		}
		if x, ok := newAct(cand, v.low, ts[j].low, doerBefore(ts, k), proper); ok {
			// "drafted the spending plan" acts on the plan as much as
			// on the spending.
			for n := j + 1; n < len(ts) && n <= j+2 && !ts[n].punct && !stopWords[ts[n].low] && !ts[n].num; n++ {
				x.objects = append(x.objects, stem(ts[n].low))
			}
			// "ordered the academy to close" acts on its closing too.
			if n := j + 1; n+1 < len(ts) && ts[n].low == "to" && !ts[n+1].punct && !stopWords[ts[n+1].low] {
				x.objects = append(x.objects, stem(ts[n+1].low))
			}
			out = append(out, x)
		}
	}
	return out
}

// callVerbs and emergencyNumbers make a call for help: who "called 999"
// or "dialled 911" raised the alarm.
var (
	callVerbs        = wordSet("called dialled dialed rang phoned")
	emergencyNumbers = wordSet("999 911 112")
)

// cameToLight reads who found a thing out in "<thing> came to light when
// <doer> <verb>": "The fraud came to light when the association's bank
// flagged a series of transfers" says the bank found the fraud.
func cameToLight(cand int, ts []token, proper map[string]bool) (act, bool) {
	low := lowers(ts)
	at := indexWords(low, []string{"came", "to", "light", "when"})
	if at < 1 {
		at = indexWords(low, []string{"came", "to", "light", "after"})
	}
	if at < 1 {
		return act{}, false
	}
	obj := subjectHead(ts, at)
	if obj.punct || stopWords[obj.low] || obj.num {
		return act{}, false
	}
	return newAct(cand, "found", obj.low, ts[at+4:], proper)
}

// cleftAct reads the doer a cleft sentence puts first: "It was Corvane's
// own monitoring team, rather than anyone at the practice, that picked up
// the intrusion"; "It was Ines Varga, an independent researcher, who found
// the data". A cleft that denies ("It was not Corvane that …") is left to
// the negations.
func cleftAct(cand int, ts []token, proper map[string]bool) (act, bool) {
	k := 0
	for k < len(ts) && ts[k].punct {
		k++ // an opening quote
	}
	if k+3 >= len(ts) || ts[k].low != "it" || ts[k+1].low != "was" || negators[ts[k+2].low] {
		return act{}, false
	}
	doer := k + 2
	for rel := doer + 1; rel+2 < len(ts) && rel <= doer+cleftReach; rel++ {
		if ts[rel].low != "who" && ts[rel].low != "that" {
			continue
		}
		v := rel + 1
		if !isPastVerb(ts[v].low) {
			return act{}, false
		}
		verb, obj := ts[v].low, v+1
		if verb == "picked" && ts[obj].low == "up" {
			verb, obj = "found", obj+1 // "picked up the intrusion"
		}
		for obj < len(ts) && determiners[ts[obj].low] {
			obj++
		}
		if obj >= len(ts) || ts[obj].punct || stopWords[ts[obj].low] || ts[obj].num {
			return act{}, false
		}
		return newAct(cand, verb, ts[obj].low, ts[doer:rel], proper)
	}
	return act{}, false
}

// cleftReach is how far a cleft's "who" or "that" may stand from its doer:
// past an apposition or a "rather than" aside.
const cleftReach = 14

// causesEvent reports whether the cause verb at ts[k] is of an event (a
// fire, a blast, a collapse: what causes start) rather than of a thing
// people begin: the noun before it ("the blaze was started by", "a
// petition, started by") or, active, after it ("started the wildfire"),
// or no noun at all.
func causesEvent(ts []token, k int) bool {
	event := func(w string) bool { return happenings[w] || strings.HasSuffix(w, "fire") }
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		if ts[j].punct && ts[j].text != "," || ts[j].low == "by" {
			break
		}
		if !ts[j].punct && !stopWords[ts[j].low] && !auxiliaryVerbs[ts[j].low] {
			return event(ts[j].low)
		}
	}
	for j := k + 1; j < len(ts) && j <= k+3; j++ {
		if !ts[j].punct && !stopWords[ts[j].low] {
			return event(ts[j].low)
		}
	}
	return true
}

// subjectHead returns the first content word of the clause before
// ts[aux]: "gates" in "The gates at the top of the steps were shut", where
// the word right before the verb is the steps.
func subjectHead(ts []token, aux int) token {
	// "the alarm did not fail and was never switched off": the second
	// verb's subject is the first's.
	if first := coordinatedAux(ts, aux); first > 0 {
		aux = first
	}
	start := 0
	for j := aux - 1; j >= 0; j-- {
		if ts[j].punct {
			start = j + 1
			break
		}
	}
	// "The breach, which was discovered on 9 February, was first
	// noticed by a receptionist": a clause between commas stands
	// between the subject and its verb.
	if start == aux && start > 0 && ts[start-1].text == "," {
		start = 0
	}
	// `He said the alarm "did not fail"`: the quote opens on the verb,
	// and the subject is the reported clause's, after the reporting verb.
	if start == aux && start > 0 && isQuote(ts[start-1].text) {
		start = 0
		for j := aux - 2; j >= 0 && !ts[j].punct; j-- {
			if reportingVerbs[ts[j].low] {
				start = j + 1
				break
			}
		}
	}
	// "The Voice has learned that the alarm had been switched off": the
	// subject is the reported clause's.
	for j := aux - 1; j > start; j-- {
		if ts[j].punct {
			break
		}
		if ts[j].low == "that" && j > 0 && (reportingVerbs[ts[j-1].low] || ts[j-1].low == "learned") {
			start = j + 1
			break
		}
		// "The coastguard says they were spotted": the same without "that".
		if reportingVerbs[ts[j].low] && j+1 < aux {
			start = j + 1
			break
		}
	}
	for j := start; j < aux; j++ {
		if ts[j].punct {
			break
		}
		if !stopWords[ts[j].low] || ts[j].low == "it" || ts[j].low == "they" || ts[j].low == "he" || ts[j].low == "she" {
			return compoundHead(ts, j, aux)
		}
	}
	return ts[aux-1]
}

// compoundHead returns the head of the noun phrase that opens at ts[j],
// before ts[end]: past an owner ("the building's alarm") and a noun
// that modifies the next ("intruder alarm").
func compoundHead(ts []token, j, end int) token {
	for j+1 < end {
		next := ts[j+1]
		owner := strings.HasSuffix(ts[j].text, "'s") || strings.HasSuffix(ts[j].text, "’s")
		if next.hyphen && !next.punct && !stopWords[next.low] {
			j++ // "long-finned pilot whales": one word; "break-in" is a break
			continue
		}
		if next.punct || stopWords[next.low] || isPastVerb(next.low) || !owner && !ts[j].first && next.capital != ts[j].capital {
			break
		}
		j++
	}
	return ts[j]
}

// coordinatedAux returns, for an auxiliary right after "and" ("did not
// fail and was never switched off"), the first verb's auxiliary in the
// same clause, or 0.
func coordinatedAux(ts []token, aux int) int {
	if aux < 2 || ts[aux-1].low != "and" {
		return 0
	}
	for j := aux - 2; j >= 1 && j >= aux-5 && !ts[j].punct; j-- {
		if w := ts[j].low; beVerb(w) || verbAuxiliaries[w] {
			return j
		}
	}
	return 0
}

var verbAuxiliaries = wordSet("did does do has have had will would could can")

// passiveAux returns the index of the auxiliary of a passive verb at
// ts[k] ("was", "were", "been", one adverb allowed between: "was first
// reported"), or 0.
func passiveAux(ts []token, k int) int {
	for j := k - 1; j >= 1 && j >= k-2; j-- {
		switch ts[j].low {
		case "was", "were", "been":
			return j
		}
		if !strings.HasSuffix(ts[j].low, "ly") && ts[j].low != "first" && ts[j].low != "later" {
			return 0
		}
	}
	return 0
}

// agentAfter returns where the doer of a passive verb starts after ts[k]:
// past "by", "on the orders of" or "at the request of"; or 0.
func agentAfter(ts []token, k int) int {
	// "was put forward by", "was drawn up by": a phrasal verb's particle.
	if k+1 < len(ts) && (particles[ts[k].low] || ts[k].low == "forward") && ts[k+1].low == "by" {
		k++
	}
	for _, lead := range [][]string{{"by"}, {"on", "the", "orders", "of"}, {"at", "the", "request", "of"}} {
		if k+len(lead) < len(ts) && indexWords(lowers(ts[k:k+len(lead)]), lead) == 0 {
			return k + len(lead)
		}
	}
	// "They were located at first light by the crew", "found early on
	// Sunday by a dog walker": a short phrase of when comes between.
	if k < len(ts) && whenOpeners[ts[k].low] {
		for j := k + 1; j < len(ts) && j <= k+whenReach; j++ {
			if ts[j].punct {
				break
			}
			if ts[j].low == "by" && j+1 < len(ts) {
				return j + 1
			}
		}
	}
	return 0
}

// whenOpeners open a phrase of when between a passive verb and its "by";
// whenReach is the longest such phrase ("early on Sunday morning").
var whenOpeners = wordSet("at on early late shortly overnight eventually finally later first")

const whenReach = 4

func lowers(ts []token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.low
	}
	return out
}

// newAct builds an act from the tokens that name its doer, up to the first
// punctuation or clause word, or reports that they name no one a reader
// could tell apart: a doer needs two content words or a name ("the blast"
// against "the explosion" is wording, not a dispute over who).
func newAct(cand int, verb, object string, doer []token, proper map[string]bool) (act, bool) {
	x := act{cand: cand, verb: lemma(verb), object: stem(object), objects: []string{stem(object)}}

	var text []string
	lone := "" // the doer's content word as written, when it has one
	for n, t := range doer {
		// A past verb past the first word is the clause's own verb: "a
		// petition launched by the council gathered 1,200 names"; one
		// joined by a hyphen is not ("the Dunmere-based company").
		if t.punct || doerStops[t.low] || len(text) == 7 || len(text) > 0 && !t.capital && !t.hyphen && isPastVerb(t.low) {
			break
		}
		// "started by pharmacist Moira Tulloch and now signed by …":
		// an "and" before an adverb or a verb joins clauses, not doers.
		if t.low == "and" && n+1 < len(doer) && (clauseAdverbs[doer[n+1].low] || isPastVerb(doer[n+1].low)) {
			break
		}
		if t.hyphen && len(text) > 0 {
			text[len(text)-1] += "-" + t.text // "in-house"
		} else {
			text = append(text, t.text)
		}
		if !stopWords[t.low] && !t.num && numberWords[t.low] == 0 && len(t.low) > 2 {
			x.agent = append(x.agent, stem(t.low))
			lone = t.low
		}
		if t.capital && proper[t.low] {
			x.named = true
			x.names = append(x.names, stem(t.low))
		}
	}
	if len(text) > 0 && sentenceArticles[text[0]] {
		text[0] = strings.ToLower(text[0]) // "says a passing ski tourer", not "A passing"
	}
	x.phrase = strings.Join(text, " ")
	return x, len(x.agent) >= 2 || len(x.agent) == 1 && (x.named || personNoun(lone))
}

// sentenceArticles are the words that open a doer at a sentence's start,
// capitalised only for that.
var sentenceArticles = wordSet("A An The One Some")

// clauseAdverbs open a clause after "and" ("and now signed").
var clauseAdverbs = wordSet("now then later also since still first")

// personNoun reports whether a stem names a person by trade or role ("an
// IT engineer", "a receptionist", "the veterinarian"): one such word tells
// a doer apart, where one word for a thing ("the blast", "the explosion")
// is only wording. Read by the endings English gives agent nouns.
func personNoun(w string) bool {
	w = strings.TrimSuffix(w, "s")
	if notPersons[w] {
		return false
	}
	for _, end := range []string{"er", "or", "ist", "ian", "man", "woman", "guard"} {
		if strings.HasSuffix(w, end) && len(w) > len(end)+2 {
			return true
		}
	}
	return personRoles[w]
}

var (
	notPersons  = wordSet("water weather river power matter number cluster letter paper order error sensor motor factor meter computer monitor chamber border corridor center centre shower tower layer")
	personRoles = wordSet("police staff crew team guard medic vet resident paramedic " +
		"neighbour neighbor witness nurse doctor colleague relative friend tourist pupil student wife husband son daughter mother father")
)

// doerBefore returns the doer of an active verb at ts[k]: the words from
// the start of its clause, a cleft's "It was" and a contrast's ", not …"
// left out ("It was fellow miners from the night shift, not the company's
// managers, who located the men" gives "fellow miners from the night
// shift"); an appositive's name stays ("The guard, Pavel Nowak, raised").
func doerBefore(ts []token, k int) []token {
	start := 0
	for j := k - 1; j >= 0; j-- {
		// A dateline ends at its dash: "DROSSEN, June 11 (MPA) - …".
		if ts[j].text == ";" || ts[j].text == ":" || ts[j].text == "-" && !ts[j].hyphen || ts[j].text == "—" || ts[j].low == "and" && j == k-1 {
			start = j + 1
			break
		}
	}
	span := ts[start:k]
	cleft := len(span) >= 2 && span[0].low == "it" && (span[1].low == "was" || span[1].low == "is")
	switch {
	case cleft:
		span = span[2:]
	case k > 1 && ts[k-1].low == "who" && ts[k-2].text == ",":
		// "Finance Director Gwen Hale, who drafted the spending plan":
		// the doer is the name the clause is set beside.
		span = ts[start : k-2]
		for j := len(span) - 1; j >= 0; j-- {
			if span[j].punct || clauseOpeners[span[j].low] || span[j].low == "by" || span[j].low == "and" || span[j].low == "but" {
				span = span[j+1:]
				break
			}
		}
		// An attribution put after the quote names its speaker the
		// same way: '"…," said Mrs Hollis, who bought the ticket'.
		if len(span) > 1 && reportingVerbs[span[0].low] {
			span = span[1:]
		}
		// A name or a title, not a clause ("The alarm was raised by an
		// angler, who alerted the agency" is told by the passive).
		if len(span) > 6 || slices.ContainsFunc(span, func(t token) bool {
			return isPastVerb(t.low) || reportingVerbs[t.low] || auxiliaries[t.low] && t.low != "a" && t.low != "an" && t.low != "the"
		}) {
			return nil
		}
	case k > 0 && (ts[k-1].low == "which" || ts[k-1].low == "who" || ts[k-1].low == "that"):
		return nil // a relative clause: its doer is some noun back in the sentence
	default:
		// "Kelvara is set to swing to the left after three parties
		// signed": the doer is in the clause the verb heads; "the
		// Greens, whose co-leader signed": the doer is after "whose".
		for j := len(span) - 1; j >= 0; j-- {
			if clauseOpeners[span[j].low] || span[j].low == "whose" || span[j].low == "that" || span[j].low == "and" && j > 0 && span[j-1].text == "," {
				span = span[j+1:]
				break
			}
		}
	}
	for len(span) > 0 && auxiliaries[span[len(span)-1].low] {
		span = span[:len(span)-1] // "President Zelenskyy has"
	}
	// "… and the Data Protection Office said it had launched an
	// investigation": the doer is who said "it", in the last clause.
	if n := len(span); n >= 3 && pronouns[span[n-1].low] && reportingVerbs[span[n-2].low] {
		span = span[:n-2]
		for j := len(span) - 1; j >= 0; j-- {
			if span[j].text == "," || span[j].low == "and" {
				span = span[j+1:]
				break
			}
		}
	}
	// "It was not Corvane that discovered the breach" names who did not.
	if len(span) > 0 && span[0].low == "not" {
		return nil
	}
	// "At 1.20pm on Saturday, one of the teachers dialled 999": the
	// doer follows the time it is set in.
	if len(span) > 0 && timeOpeners[span[0].low] {
		c := slices.IndexFunc(span, func(t token) bool { return t.text == "," })
		// A time, not "At least three people, including …".
		if c >= 0 && slices.ContainsFunc(span[:c], func(t token) bool { return t.num || weekdays[t.low] || dayParts[t.low] }) {
			span = span[c+1:]
		}
	}
	var out []token
	for i := 0; i < len(span); i++ {
		t := span[i]
		if t.text == "," && i+1 < len(span) && span[i+1].low == "not" {
			break // ", not the company's managers,"
		}
		if t.text == "," && i+1 < len(span) && (span[i+1].low == "who" || span[i+1].low == "which") {
			// "One member of the party, who was at the back, called
			// 999": the aside says more of the doer, not who it is.
			end := slices.IndexFunc(span[i+1:], func(t token) bool { return t.text == "," })
			if end < 0 {
				break
			}
			i += end + 1
			continue
		}
		if t.punct || t.low == "who" || t.low == "that" {
			continue
		}
		out = append(out, t)
	}
	return out
}

var pronouns = wordSet("it they he she we")

// timeOpeners open a sentence on when it happened ("At 1.20pm on
// Saturday, …", "Shortly after 2am, …").
var timeOpeners = wordSet("at on shortly just early late soon")

// namingVerbs before a name give it ("a collie called Bracken").
var namingVerbs = wordSet("called named dubbed nicknamed")

// clauseOpeners start a clause of their own before a verb's doer.
var clauseOpeners = wordSet("after before when while because since until once although though as if unless whereas")

// doerStops end a doer's name: what follows says when or why, or starts a
// clause of its own.
var doerStops = wordSet("after before when while who which that because during following as on at since until over amid shortly just around")

// isPastVerb reports whether a word looks like a past tense or participle:
// a regular "-ed" form, or one of the irregular verbs news writing uses
// for who did what.
func isPastVerb(w string) bool {
	return len(w) >= 5 && strings.HasSuffix(w, "ed") || irregularPast[w]
}

var irregularPast = wordSet("took taken found led made gave given sent brought caught began begun ran set paid " +
	"raised drew drawn wrote written built won chose chosen broke broken spotted shut cut hit put let meant kept held told felt sold lost " +
	"bought struck stole stolen fought threw thrown drove driven flew flown hid hidden met rang shot spoke spoken stood taught " +
	"heard dug fled sank spent spread sought bound dealt lent swore sworn withdrew withdrawn beat beaten froze frozen")

// actVerbs are stop words that still name an act someone did ("first
// reported by a maintenance crew").
var actVerbs = wordSet("reported made found")

// startVerbs are the verbs of starting something, any of which answers
// "who started it" in the passive form.
var startVerbs = stemSet("ordered requested called demanded sought triggered launched initiated asked commissioned")

func sharesStem(x, y []string) bool {
	return slices.ContainsFunc(x, func(w string) bool {
		return w != "" && slices.ContainsFunc(y, func(v string) bool { return foldStem(v) == foldStem(w) })
	})
}
