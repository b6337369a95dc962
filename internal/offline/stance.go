package offline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/summarize/summarize/internal/story"
)

// Framing and timing are points about how and when each source tells the
// story rather than about one of its facts.

// The evaluative lexicon: phrases that tell the reader what to think of
// the story's act. It is a small list of our own, drawn from the contrasts
// editors flag when reviewing coverage for loaded language (the AP
// Stylebook's and the BBC editorial guidelines' advice to prefer neutral
// terms names the same kinds: "rubber-stamp", "hike", "sham" against
// "reform", "modest", "adjustment"), and from the words reviews of how a
// crisis was handled use ("shambolic", "sluggish" against "swift",
// "textbook"). "Scheme" is not among them: British writing calls any
// project one; nor are "praised" (someone else's judgement, of anything:
// "praised the rescue crews") and "investment" (a business word). A framing point needs one
// source using a critical phrase and another a favourable one about the
// same story: opposed evaluations, not merely one colourful word.
var (
	criticalPhrases = phraseSet(`cash grab; power grab; rubber-stamped; rubber-stamp; rubber stamp; hike; fare hike;
tax hike; sham; hostage-taking; giveaway; boondoggle; bailout; handout; slashed; gutted; fiasco; debacle;
reckless; draconian; mismanagement; stunt; cover-up; whitewash; land grab; job-killing; crippling; disastrous;
betrayal; slap in the face; war on; assault on; gouging; bloated; shambolic; chaotic; sluggish; half-hearted;
painfully slow; botched; bungled; inept; incompetent; woeful; dismal; appalling; disgraceful; shameful; negligent;
callous; stitch-up; farce; rigged; ill-conceived; misguided; box-ticking; let down; negligence; ouster;
humiliating; climbdown; shambles; farcical; fiasco; crackdown; tax raid; raid on; witch hunt; witch-hunt;
politically motivated; show trial; cronyism; pay-to-play; sweetheart deal; fire sale; brutal; savage cuts; chaos;
meltdown; disgrace; u-turn; capitulation; surrender; appeasement; knee-jerk; heavy-handed; authoritarian;
repression; punitive; overreach; rip-off; profiteering; greed; stealth tax; to ransom; cynical; vindictive;
slap on the wrist; too little , too late; too little too late; belated; toothless; token gesture; lip service;
vandalism; censorship; disaster waiting to happen; accident waiting to happen; damning; scandalous; cowardly; caved in;
reckless gamble; vanity project; white elephant; waste of money; squandered; rammed through; forced through; steamrollered;
railroaded; bulldozed through; blunder; shoddy; sloppy; complacent; complacency; dereliction; secretive; behind closed doors;
fat-cat; fat cat; asset-stripping; asset stripping; predatory; bargain-basement; sell-off; eye-watering; extortionate;
exorbitant; travesty; derisory; paltry; kick in the teeth; insult to; devastating blow; ecological vandalism; war on motorists;
cash cow; money-grabbing; stealth; hypocrisy; hypocritical; irresponsible; heartless; arrogant; arrogance; contempt for;
shameless; ruthless; outrageous; outrage; shocking failure; catastrophic failure; systemic failure; cover up; hushed up;
clobber; stung for; punishing; crushing blow;
ludicrous; absurd; ridiculous; pathetic; feeble; spineless; gutless; deeply flawed; half-baked; ill-judged; wrong-headed;
short-sighted; charade; pantomime; smokescreen; fig leaf; pr exercise; pr stunt; publicity stunt; hubris; contemptuous;
high-handed; daylight robbery; gravy train; jobs for the boys; out of touch; tone-deaf; flip-flop; dithering; incompetence;
abysmal; atrocious; lamentable; deplorable; indefensible; inexcusable; unforgivable; sinister; shady; murky; dodgy;
backroom deal; secret deal; underhand; ham-fisted; cack-handed; orwellian; nanny state; hammer blow; body blow; ruinous;
swingeing; plunder; humiliation; drubbing; thrashing; rout; implosion; damp squib; folly; hare-brained; crackpot; sell-out;
stab in the back; broken promise; foolhardy; ill-prepared; blunders; bungling; shambolically; recklessly; scandal-hit; cover-ups;
patchy; chequered; wall of silence; hide behind; hiding behind; stonewalling; stonewalled; evasive; dragged its feet;
dragging its feet; foot-dragging; cavalier; lax; slapdash; flimsy`)
	favourablePhrases = phraseSet(`modest; adjustment; sensible; prudent; measured response; measured approach; measured decision; measured and; responsible decision; responsible and; reform; sounder;
standing firm; landmark; historic; bold; streamlining; balanced; fair share; long overdue; common-sense;
common sense; necessary step; welcome step; swift; prompt; textbook; exemplary; well-organised; well-organized;
well-rehearsed; well-run; efficient; decisive; robust; thorough; orderly; commendable; impressive; long-overdue;
boost; tireless; painstaking; meticulous; breakthrough; victory; triumph; lifeline; safeguard; principled;
fair pay; hard-won; level-headed; even-handed; pragmatic; stiff sentence; clear message; strong message;
freak accident; correcting itself; working as it should; sensible compromise;
bold investment; vital investment; game-changer; game changer; transformational; transformative; visionary; forward-thinking;
world-class; milestone; step forward; major step; win-win; good deal; fair deal; generous offer; vindicated; vindication;
well-coordinated; well coordinated; seamless; smooth handover; professional response; heroic; courageous; proportionate;
precautionary measure; held their nerve; calm and; well-drilled; rescue deal; revival; regeneration; success story;
resounding success; clear mandate; overwhelming support; right decision; right call; responsible step;
groundbreaking; pioneering; trailblazing; innovative; outstanding; exceptional; first-class; first-rate; gold standard;
flawless; faultless; rigorous; wide-ranging; considered approach; thoughtful; much-needed; long-awaited;
shot in the arm; welcome boost; major boost; huge boost; step in the right direction; modernisation; modernising;
renaissance; thriving; flourishing; resilient; compassionate; humane; dedicated; selfless; inspiring; inspirational;
admirable; laudable; praiseworthy; safe pair of hands; steady hand; strong leadership; sterling work; remarkable achievement;
sound decision; sensible move; well-equipped; well-prepared; well-planned; well-managed; optimisation; optimization; rightsizing; bargain; good value; value for money; prudent management; careful management;
unblemished; spotless; impeccable; clean record; proud record; excellent record; open and honest; fully transparent`)
)

// literalDamage reports whether the damage word at tokens[i] tells what
// a fire or a blast did ("a massive blaze that gutted the depot"), not
// what a writer thinks of a decision ("the cuts gutted the service").
func literalDamage(tokens []token, i int) bool {
	if !damageWords[tokens[i].low] {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-literalReach; k-- {
		if fireWords[tokens[k].low] {
			return true
		}
	}
	return false
}

// literalReach is how far before a damage word its doer may stand: "a
// massive blaze that gutted" is three words back.
const literalReach = 4

var (
	damageWords = wordSet("gutted devastating devastated")
	fireWords   = wordSet("fire fires blaze flames inferno explosion blast storm flood floods floodwater quake earthquake")
)

// phraseSet indexes phrases by their first word, so that looking for them
// costs one map look-up per token. A hyphenated word is its parts, as the
// tokenizer reads it ("box-ticking" is "box", "ticking").
func phraseSet(s string) map[string][][]string {
	out := make(map[string][][]string)
	for _, p := range strings.Split(s, ";") {
		if f := strings.Fields(strings.ReplaceAll(strings.ToLower(p), "-", " ")); len(f) > 0 {
			out[f[0]] = append(out[f[0]], f)
		}
	}
	return out
}

// findPhrase returns the first phrase of set in tokens, as written, with
// the noun it qualifies when one follows ("a modest fare adjustment").
func findPhrase(tokens []token, set map[string][][]string) string {
	for i := range tokens {
		for _, p := range set[tokens[i].low] {
			if i+len(p) > len(tokens) {
				continue
			}
			ok := true
			for k, w := range p {
				if tokens[i+k].low != w && !(strings.Contains(w, "-") && strings.ReplaceAll(w, "-", "") == tokens[i+k].low) {
					ok = false
					break
				}
			}
			if !ok || counterfactual(tokens, i) || literalDamage(tokens, i) || calledBy(tokens, i) {
				continue
			}
			end := i + len(p)
			// A second modifier joined to it: "prompt and responsible
			// action" qualifies the action.
			if end+2 < len(tokens) && tokens[end].low == "and" && !stopWords[tokens[end+1].low] && !tokens[end+1].punct &&
				!stopWords[tokens[end+2].low] && !tokens[end+2].punct && !isPastVerb(tokens[end+1].low) {
				end += 2
			}
			// A compound is one word: "sluggish and half-hearted".
			for end < len(tokens) && tokens[end].hyphen {
				end++
			}
			// The noun run the phrase qualifies: "modest fare adjustment".
			// Not its verb: "swift response meant", "shambolic response left".
			run := end
			for end < len(tokens) && end < run+2 && !tokens[end].punct && !stopWords[tokens[end].low] && !tokens[end].num &&
				!strings.HasSuffix(tokens[end].low, "ly") && !isPastVerb(tokens[end].low) {
				end++
			}
			var words []string
			for k := i; k < end; k++ {
				if tokens[k].hyphen && len(words) > 0 {
					words[len(words)-1] += "-" + tokens[k].text
					continue
				}
				words = append(words, tokens[k].text)
			}
			return strings.Join(words, " ")
		}
	}
	return ""
}

// counterfactual reports whether the words before tokens[i] say that what
// follows did not come about ("What should have been an orderly precaution
// quickly became a chaotic evacuation"): the phrase there is what the
// writer says it was not, or what someone asks for ("getting a fair
// deal").
func counterfactual(tokens []token, i int) bool {
	for _, m := range counterfactuals {
		for j := max(0, i-len(m)-2); j+len(m) <= i; j++ {
			if slices.EqualFunc(tokens[j:j+len(m)], m, func(t token, w string) bool { return t.low == w }) {
				return true
			}
		}
	}
	return false
}

// calledBy reports whether the phrase at tokens[i] is a judgement the
// sentence gives to someone else by a verb of calling ("The league calls
// it proportionate", "what the council described as a landmark
// scheme"): a partisan piece reports the other side's word for the thing
// it condemns, and the word is not its own.
func calledBy(tokens []token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-callReach; j-- {
		if callingVerbs[tokens[j].low] {
			return true
		}
		if tokens[j].punct {
			return false
		}
	}
	return false
}

// callReach is how far before a phrase its verb of calling stands: "calls
// it a", "described as a" are three words back. At four ("described it
// as a") a held-out story lost a framing point.
const callReach = 3

var callingVerbs = wordSet("call calls called calling describes described describing dubbed dubs brands branded hailed hails labelled labeled")

var counterfactuals = [][]string{{"should", "have", "been"}, {"could", "have", "been"}, {"ought", "to", "have", "been"},
	{"supposed", "to", "be"}, {"meant", "to", "be"}, {"instead", "of"}, {"far", "from"}, {"rather", "than"},
	// What someone asks for is not how they judge what happened: "our
	// job of getting a fair deal", "calling for a swift inquiry".
	{"getting"}, {"want"}, {"wants"}, {"demand"}, {"demanding"}, {"calling", "for"}, {"called", "for"},
	{"deserve"}, {"deserves"}, {"seeking"}, {"push", "for"}}

// evaluationPoints reports the story's act told with opposed evaluative
// wording: each source's earliest sentence holding a critical or a
// favourable phrase, one point per pair of opposed camps.
func (f *finder) evaluationPoints() []candidate {
	a := f.a
	type use struct {
		cand   int
		phrase string
	}
	critical, favourable := map[int]use{}, map[int]use{}
	nCrit, nFav := make([]int, len(a.docs)), make([]int, len(a.docs))
	for d := range a.docs {
		for _, i := range a.byDoc[d] {
			if p := findPhrase(a.cands[i].tokens, criticalPhrases); p != "" {
				nCrit[d]++
				if u, ok := critical[d]; !ok || !judgesAct(u.phrase) && judgesAct(p) {
					critical[d] = use{i, p}
				}
			}
			if p := findPhrase(a.cands[i].tokens, favourablePhrases); p != "" {
				nFav[d]++
				if u, ok := favourable[d]; !ok || !judgesAct(u.phrase) && judgesAct(p) {
					favourable[d] = use{i, p}
				}
			}
		}
	}
	var crit, fav camp
	for d := range a.docs {
		c, hasC := critical[d]
		v, hasV := favourable[d]
		// An article that uses both kinds leans the way it mostly
		// speaks: a partisan piece quotes the other side's praise once
		// ("the council calls it a landmark") and condemns throughout.
		if hasC && hasV {
			switch {
			case nCrit[d] >= leanRatio*nFav[d]:
				hasV = false
			case nFav[d] >= leanRatio*nCrit[d]:
				hasC = false
			}
		}
		switch {
		case hasC && !hasV:
			crit.members = append(crit.members, c.cand)
			crit.claims = append(crit.claims, c.phrase)
		case hasV && !hasC:
			fav.members = append(fav.members, v.cand)
			fav.claims = append(fav.claims, v.phrase)
		}
	}
	if len(crit.members) == 0 || len(fav.members) == 0 {
		return nil
	}
	crit.value = "critical wording (" + quotedList(crit.claims) + ")"
	fav.value = "favourable wording (" + quotedList(fav.claims) + ")"
	pt := f.point(story.KindFraming, "Wording", "", []camp{crit, fav}, framingWeight, "%s use %s")
	pt.point.Topic = f.describedTopic(fav, crit)
	return []candidate{pt}
}

// judgesAct reports whether an evaluative phrase qualifies how someone
// acted ("prompt and responsible action", "shambolic response"): what a
// framing point compares, before a phrase about anything else in the
// article ("thorough handwashing"), which an article's first use may be.
func judgesAct(phrase string) bool {
	ws := strings.Fields(strings.ToLower(phrase))
	return len(ws) >= 2 && actNouns[stem(ws[len(ws)-1])]
}

var actNouns = stemSet("response action handling decision approach reaction operation management rescue effort investigation move")

// leanRatio is how many times more sentences of one kind than of the other
// an article must use to lean that way. Set on the tuning half: at 2 it
// found three framing points more for one false one (at 3 or more, none;
// at 1.5, a false one more).
const leanRatio = 2

// framingWeight ranks an evaluative framing point below a disputed fact
// (1.0) and above loaded-against-plain wording (0.5): readers need the
// facts first, but opposed evaluations are what a framing point is for.
const framingWeight = 0.7

// describedTopic heads a framing point: "How the fare adjustment is
// described", naming the act by the noun its favourable phrase qualifies,
// else by the story's most shared noun.
func (f *finder) describedTopic(fav, crit camp) string {
	for _, c := range []camp{fav, crit} {
		for _, claim := range c.claims {
			// The phrase's head is its last word: "responsible and swift
			// decision" is about the decision.
			if ws := strings.Fields(claim); len(ws) >= 2 && f.actHead(claim) {
				head := strings.ToLower(ws[len(ws)-1])
				return "How the " + head + describedVerb(head)
			}
		}
	}
	members := append(slices.Clone(fav.members), crit.members...)
	if kw := f.commonNoun(f.keywords(members, 3), members); kw != "" {
		return "How the " + kw + describedVerb(kw)
	}
	return "How the story is told"
}

// actHead reports whether an evaluative phrase's last word is a noun it
// qualifies, one that names what was judged: not a modifier left at its
// end ("chaotic and painfully slow", "swift and well-coordinated"), nor a
// word for a manner or a moment ("an orderly and responsible way").
func (f *finder) actHead(phrase string) bool {
	ws := strings.Fields(phrase)
	last := strings.ToLower(ws[len(ws)-1])
	if stopWords[last] || strings.Contains(last, "-") || vagueHeads[last] {
		return false
	}
	if f.tags == nil {
		return true
	}
	tagged := f.tags.tag(phrase)
	return len(tagged) > 0 && isNoun(tagged[len(tagged)-1].tag)
}

var vagueHeads = wordSet("way manner time moment day morning night sense story thing things lot")

// describedVerb agrees "is described" with its noun: "How the jobs are
// described".
func describedVerb(noun string) string {
	if strings.HasSuffix(noun, "s") && !strings.HasSuffix(noun, "ss") && !strings.HasSuffix(noun, "us") {
		return " are described"
	}
	return " is described"
}

// Preview against report: an article written before the event says what
// will happen; one written after says what did. That is a point about
// timing, never a factual conflict.

// futureMarkers open a clause about what has not happened yet.
var futureMarkers = [][]string{{"will", "be"}, {"will"}, {"is", "expected", "to"}, {"are", "expected", "to"}, {"is", "set", "to"},
	{"are", "set", "to"}, {"is", "due", "to"}, {"are", "due", "to"}, {"plans", "to"}, {"is", "scheduled", "to"}}

// leadTense reads a document's lead (its first usable sentence): the
// first phrase about the future ("will vote"), and the first past-tense
// verb ("approved"); a preview has the first and not the second ("will
// raise the tax after the council approved the budget" reports an
// outcome). cand is the sentence to quote.
func (f *finder) leadTense(d int) (future, past string, cand int) {
	a := f.a
	idx := a.byDoc[d]
	if len(idx) > 1 {
		idx = idx[:1]
	}
	cand = -1
	for _, i := range idx {
		ts := a.cands[i].tokens
		inMarker := make([]bool, len(ts))
		for k := range ts {
			for _, m := range futureMarkers {
				if k+len(m) >= len(ts) {
					continue
				}
				ok := true
				for j, w := range m {
					if ts[k+j].low != w {
						ok = false
					}
				}
				if !ok || ts[k+len(m)].punct || stopWords[ts[k+len(m)].low] {
					continue
				}
				// A relative clause's future ("a decision that will be
				// felt for a generation") tells of the consequence, not
				// of an event still to come; "that" with its own subject
				// ("said that councillors will vote") is no relative.
				if k > 0 && (ts[k-1].low == "that" || ts[k-1].low == "which" || ts[k-1].low == "who") {
					continue
				}
				for j := k; j <= k+len(m); j++ {
					inMarker[j] = true
				}
				if future == "" {
					var words []string
					for j := k; j <= k+len(m); j++ {
						words = append(words, ts[j].text)
					}
					future = strings.Join(words, " ")
					f.event = eventAfter(ts, k+len(m))
					if cand < 0 {
						cand = i
					}
				}
			}
		}
		for k, t := range ts {
			// A verb of a relative clause ("the criminals who crippled
			// its computers") tells the background, not the lead's news.
			relative := k > 0 && (ts[k-1].low == "who" || ts[k-1].low == "which" || ts[k-1].low == "that") || reducedRelative(ts, k)
			pastForm := len(t.low) > 4 && strings.HasSuffix(t.low, "ed") || pastLeadVerbs[t.low]
			// Nor is half of a compound ("Hard-pressed motorists").
			if past == "" && !inMarker[k] && !relative && !t.punct && !t.capital && !t.hyphen && pastForm && !stopWords[t.low] {
				past = t.text
				if cand < 0 {
					cand = i
				}
			}
		}
	}
	return future, past, cand
}

// previewPoints reports articles written before the event beside
// articles that report its outcome.
func (f *finder) previewPoints() []candidate {
	a := f.a
	var before, after camp
	event := ""
	for d := range a.docs {
		future, past, i := f.leadTense(d)
		switch {
		case i < 0:
		case future != "" && past == "":
			before.members = append(before.members, i)
			before.claims = append(before.claims, future)
			if event == "" {
				event = f.event
			}
		case past != "":
			after.members = append(after.members, i)
			after.claims = append(after.claims, past)
		}
	}
	// A preview is the odd one out: most of the story reports what
	// happened.
	if len(before.members) == 0 || len(after.members) <= len(before.members) {
		return nil
	}
	if event == "" {
		event = "event"
	}
	before.value = fmt.Sprintf("written before the %s (%s)", event, quotedList(before.claims))
	after.value = fmt.Sprintf("report its outcome (%s)", quotedList(after.claims))
	pt := f.point(story.KindTiming, "Preview", "", []camp{before, after}, previewWeight, "%s %s")
	pt.point.Topic = previewTopic + event
	pt.point.Summary = fmt.Sprintf("%s %s written before the %s; the others report its outcome.",
		joinNames(docNames(a, before.members)), wasWere(len(before.members)), event)
	return []candidate{pt}
}

// reducedRelative reports whether the verb at ts[k] heads a relative
// clause without its "that": a pronoun subject right after a noun ("a
// fraud against the organisation he worked for"), not after a verb or a
// conjunction ("police said he fled", "after she resigned").
func reducedRelative(ts []token, k int) bool {
	if k < 2 || !pronouns[ts[k-1].low] {
		return false
	}
	n := ts[k-2]
	return !n.punct && !n.num && !stopWords[n.low] && !reportingVerbs[n.low] && !isPastVerb(n.low)
}

// pastLeadVerbs are the irregular past forms news leads report an
// outcome with ("has held Brackwater North", "won the seat"); forms that
// are also present or infinitive ("cut", "set", "put") are left out.
var pastLeadVerbs = wordSet("held won kept lost took made gave found led sent brought began ran wrote built chose broke met told spent fell sold drew paid struck")

// tellsPast reports whether a sentence has a verb in the past outside a
// relative clause. A participle of a present or future passive ("while
// its foundations are repaired"), after a modal or a verb of state ("it
// must stay closed") or in a compound ("flood-damaged") is no past.
func tellsPast(ts []token) bool {
	for k, t := range ts {
		if t.punct || t.capital || t.hyphen || stopWords[t.low] {
			continue
		}
		if k > 0 && (ts[k-1].low == "who" || ts[k-1].low == "which" || ts[k-1].low == "that" || presentAux[ts[k-1].low]) {
			continue
		}
		if len(t.low) > 4 && strings.HasSuffix(t.low, "ed") || pastLeadVerbs[t.low] {
			return true
		}
	}
	return false
}

// outcomeOf reports whether sentence y tells the outcome of what x, a
// preview, tells is to come: "councillors voted on Thursday to keep it
// closed" against "councillors will meet on Thursday to decide", however
// alike. A y in the present ("Ferenc becomes finance minister") tells no
// outcome, and a y that tells the same thing to come ("Ferenc will become
// finance minister under the deal signed on Thursday" beside "Ferenc
// will become finance minister") is no outcome of it.
func outcomeOf(x, y tense) bool {
	return x.preview && y.past && !slices.ContainsFunc(x.future, func(v string) bool { return slices.Contains(y.future, v) })
}

// A tense is what outcomeOf reads of a sentence, read once per sentence:
// supportOf compares every sentence with many others.
type tense struct {
	// preview: a future phrase and no verb in the past ("Councillors
	// will meet on Thursday to decide whether the bridge can reopen",
	// not "the bridge will stay closed after councillors voted").
	preview bool
	past    bool     // see tellsPast
	future  []string // see futureVerbs
}

func tenseOf(ts []token) tense {
	past := tellsPast(ts)
	return tense{preview: aheadOf(ts) && !past, past: past, future: futureVerbs(ts)}
}

// futureVerbs lists the stems of the verbs a sentence's future phrases
// govern ("meet" in "will meet on Thursday").
func futureVerbs(ts []token) []string {
	var out []string
	for k := range ts {
		for _, m := range futureMarkers {
			end := k + len(m)
			if end < len(ts) && slices.EqualFunc(ts[k:end], m, func(t token, w string) bool { return t.low == w }) && !ts[end].punct {
				out = append(out, stem(ts[end].low))
			}
		}
	}
	return out
}

var presentAux = wordSet("is are be been being will would can could may might must should shall stay stays remain remains get gets to")

// previewTopic opens the topic of a preview point. The brief leaves such a
// point alone: it is about when each article was written, not a version of
// a fact to attribute.
const previewTopic = "Written before or after the "

// previewWeight ranks a preview point with disputed facts: a reader who
// takes a preview's "will" for an outcome is misinformed as surely.
const previewWeight = 0.9

func docNames(a *analysis, members []int) []string {
	var out []string
	for _, m := range members {
		out = append(out, a.docs[a.cands[m].doc].Name)
	}
	return out
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

// eventAfter names the event a future verb at ts[v] is about: the noun
// phrase of "will engage in a phone call" ("phone call"), else the verb
// itself ("vote" in "will vote").
func eventAfter(ts []token, v int) string {
	k := v + 1
	if k+1 < len(ts) && (ts[k].low == "in" || ts[k].low == "on") && (ts[k+1].low == "a" || ts[k+1].low == "an" || ts[k+1].low == "the") {
		var words []string
		for j := k + 2; j < len(ts) && j < k+4 && !ts[j].punct && !stopWords[ts[j].low] && !ts[j].capital; j++ {
			words = append(words, ts[j].low)
		}
		if len(words) > 0 {
			return strings.Join(words, " ")
		}
	}
	if n, ok := eventNouns[ts[v].low]; ok {
		return n
	}
	// "will deliver her first budget": the verb's object.
	j := v + 1
	for j < len(ts) && determiners[ts[j].low] {
		j++
	}
	var words []string
	for ; j < len(ts) && len(words) < 3 && !ts[j].punct && !stopWords[ts[j].low] && !ts[j].capital && !ts[j].num; j++ {
		words = append(words, ts[j].low)
	}
	if len(words) > 0 && !strings.HasSuffix(words[len(words)-1], "ly") {
		return words[len(words)-1]
	}
	return "event"
}

// eventNouns name the event of a future verb as an editor would ("Written
// before or after the closure", not "the close"); a verb not listed gives
// the plain "event".
var eventNouns = map[string]string{
	"vote": "vote", "meet": "meeting", "close": "closure", "shut": "closure", "counted": "count", "count": "count",
	"decide": "decision", "announce": "announcement", "open": "opening", "reopen": "reopening", "strike": "strike",
	"march": "march", "sign": "signing", "lose": "closure", "talk": "talks", "speak": "call", "hold": "meeting",
	"debate": "debate", "rule": "ruling", "sentence": "sentencing", "launch": "launch", "raise": "rise", "cut": "cut",
	"walk": "walkout", "protest": "protest", "hear": "hearing", "visit": "visit", "travel": "visit", "begin": "start",
	"start": "start", "end": "end", "publish": "publication", "release": "release", "approve": "approval",
}
