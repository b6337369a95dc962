package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The bench's articles are generated, in words of our own, from a seeded
// generator: the same story and outlet numbers always give the same text.
// Each story has its own facts (place, project, officials, figures); each
// outlet tells it in its own order, with its own wording, and some outlets
// report different figures, as real coverage does. Sentences run from
// short to long and mix reported speech, quotes, numbers and background,
// so that token counts per word are those of news prose rather than of a
// repeated phrase.

var (
	placeHeads  = []string{"Ash", "Bram", "Cold", "Dun", "Elm", "Fair", "Glen", "Hol", "Kings", "Lark", "Marsh", "North", "Oak", "Pen", "Red", "Stan", "Thorn", "West", "Wick", "York"}
	placeTails  = []string{"ford", "by", "field", "haven", "mouth", "stead", "wick", "bridge", "ton", "moor", "dale", "port"}
	projects    = []string{"the river bridge", "the new water treatment plant", "the tram extension", "the hospital's east wing", "the harbour wall", "the secondary school rebuild", "the ferry terminal", "the flood barrier", "the bus depot", "the wind farm connection", "the library renovation", "the ring road"}
	bodies      = []string{"district council", "transport authority", "water board", "port authority", "health trust", "county council", "regional assembly"}
	firstNames  = []string{"Maria", "Tom", "Aisha", "Peter", "Lena", "Samuel", "Grace", "Omar", "Ingrid", "Daniel", "Ruth", "Felix", "Nadia", "George", "Helen", "Victor"}
	lastNames   = []string{"Okafor", "Lindqvist", "Harper", "Moreau", "Castillo", "Brennan", "Novak", "Achebe", "Whitfield", "Sato", "Kowalski", "Duarte", "Fischer", "Mensah", "Quinn", "Ramsay"}
	roles       = []string{"council leader", "chief engineer", "finance director", "project manager", "opposition spokesperson", "union representative", "chair of the residents' association", "independent auditor"}
	outletNames = []string{"Morning Ledger", "City Wire", "The Evening Courier", "Valley Gazette", "Coastal Radio News", "The Independent Observer", "Metro Daily", "Regional Post"}
	weekdays    = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	groups      = []string{"households", "small businesses", "commuters", "pupils", "patients", "shift workers", "pensioners", "delivery drivers"}
	reasons     = []string{"rising material costs", "a shortage of qualified staff", "delays in the planning process", "unexpected ground conditions", "a dispute with the main contractor", "new safety rules", "higher interest rates", "the wet winter"}
	verbsSaid   = []string{"said", "told reporters", "confirmed", "warned", "argued", "insisted", "acknowledged", "suggested", "estimated", "claimed"}
	leads       = []string{"", "", "", "On {day}, ", "Late on {day}, ", "Earlier this week, ", "In a statement, ", "Speaking after the meeting, ", "By the end of the day, ", "For now, "}
)

// benchFacts are one story's facts; an outlet may shift the figures.
type benchFacts struct {
	place, project, body string
	official, role       string
	critic, criticRole   string
	cost, weeks, count   int
	pct, year, votesFor  int
	day                  string
}

func storyFacts(story int) benchFacts {
	r := rand.New(rand.NewPCG(uint64(story), 0xfac7))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	f := benchFacts{
		place:    pick(placeHeads) + pick(placeTails),
		project:  pick(projects),
		body:     pick(bodies),
		official: pick(firstNames) + " " + pick(lastNames),
		role:     pick(roles[:4]),
		critic:   pick(firstNames) + " " + pick(lastNames),
		cost:     12 + r.IntN(480),
		weeks:    6 + r.IntN(70),
		count:    150 + r.IntN(9000),
		pct:      5 + r.IntN(60),
		year:     2009 + r.IntN(14),
		votesFor: 7 + r.IntN(9),
		day:      pick(weekdays),
	}
	f.criticRole = pick(roles[4:])
	return f
}

// benchArticle returns the article of outlet a on story s: its source
// name, title and a body of about words words in paragraphs.
func benchArticle(s, a, words int) (source, title, body string) {
	f := storyFacts(s)
	r := rand.New(rand.NewPCG(uint64(s)<<8|uint64(a), 0xa271c1e))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	source = outletNames[a%len(outletNames)]
	if a >= len(outletNames) {
		source = fmt.Sprintf("%s %d", source, a/len(outletNames)+1)
	}
	// Some outlets have other figures: the disputes stage has something
	// to find.
	if a%3 == 1 {
		f.cost += 1 + f.cost/5
		f.weeks += 4
	}
	if a%4 == 2 {
		f.count -= f.count / 3
	}
	agency := "the " + f.place + " " + f.body
	title = fmt.Sprintf("%s: %s %s", f.place, strings.TrimPrefix(f.project, "the "), pick([]string{"costs climb", "faces delay", "approved after long debate", "divides residents", "back before councillors"}))

	sentences := []func() string{
		func() string {
			return fmt.Sprintf("%s %s %s that %s would cost about %d million, up from the figure given last year.", strings.ReplaceAll(pick(leads), "{day}", f.day), f.official, pick(verbsSaid), f.project, f.cost)
		},
		func() string {
			return fmt.Sprintf("Work on %s is now expected to take %d weeks, %s.", f.project, f.weeks, pick([]string{"according to documents seen by this outlet", "the " + f.role + " said", "officials said on " + f.day, "a delay blamed on " + pick(reasons)}))
		},
		func() string {
			return fmt.Sprintf("Councillors voted %d to %d in favour, after a debate that lasted well into the evening.", f.votesFor, 21-f.votesFor)
		},
		func() string {
			return fmt.Sprintf("\"We cannot keep asking %s to wait,\" %s, the %s, %s.", pick(groups), f.official, f.role, pick(verbsSaid))
		},
		func() string {
			return fmt.Sprintf("%s, the %s, said the plan had been rushed and that %s had not been consulted.", f.critic, f.criticRole, pick(groups))
		},
		func() string {
			return fmt.Sprintf("Around %d %s are affected, roughly %d percent of the total in %s.", f.count, pick(groups), f.pct, f.place)
		},
		func() string {
			return fmt.Sprintf("The scheme was first proposed in %d, when %s promised it would be finished within three years.", f.year, agency)
		},
		func() string {
			return fmt.Sprintf("%s blamed %s for much of the increase.", upperFirst(agency), pick(reasons))
		},
		func() string {
			return fmt.Sprintf("Asked whether the budget could rise again, %s did not rule it out.", f.official)
		},
		func() string {
			return "Several people at the meeting left before the vote."
		},
		func() string {
			return fmt.Sprintf("Traders on the high street say takings have fallen by %d percent since the works began, though the figure could not be checked independently.", 3+r.IntN(30))
		},
		func() string {
			return fmt.Sprintf("\"This is %s,\" %s said. \"People deserve a straight answer about when it will open.\"", pick([]string{"a failure of planning", "not what we were promised", "the price of doing it properly", "a question of trust"}), f.critic)
		},
		func() string {
			return fmt.Sprintf("A report to the %s in %s had already warned of a shortfall of %d million.", f.body, pick([]string{"January", "March", "June", "September", "November"}), 1+f.cost/(3+r.IntN(5)))
		},
		func() string {
			return fmt.Sprintf("The contractor, which has built similar projects in %s%s, declined to comment.", pick(placeHeads), pick(placeTails))
		},
		func() string {
			return fmt.Sprintf("Residents who spoke to %s were divided: some welcomed the investment, others questioned whether %s was needed at all.", source, f.project)
		},
		func() string {
			return fmt.Sprintf("Under the revised timetable, the first phase would open in %s and the rest some %d months later.", pick([]string{"the spring", "early summer", "the autumn", "the new year"}), 2+r.IntN(14))
		},
		func() string {
			return fmt.Sprintf("Opposition members said they would ask the %s to publish the full cost breakdown.", pick([]string{"auditor", "ombudsman", "finance committee", "regional assembly"}))
		},
		func() string {
			return fmt.Sprintf("It is the %s time the estimate has changed since %d.", pick([]string{"second", "third", "fourth"}), f.year)
		},
		func() string {
			return fmt.Sprintf("%s said money set aside for %s would be moved to cover the gap, a decision that will need a further vote on %s.", f.official, pick([]string{"road repairs", "park maintenance", "the youth service", "street lighting", "a new sports hall"}), pick(weekdays))
		},
		func() string {
			return "No date has been set for the next review."
		},
	}
	var b strings.Builder
	n, inPara := 0, 0
	paraLen := 3 + r.IntN(3)
	// Each template is used once per shuffled round, so no sentence
	// repeats its neighbour; a second round draws other details.
	var order []int
	for n < words {
		if len(order) == 0 {
			order = r.Perm(len(sentences))
		}
		s := sentences[order[0]]()
		order = order[1:]
		if b.Len() > 0 {
			if inPara >= paraLen {
				b.WriteString("\n\n")
				inPara, paraLen = 0, 3+r.IntN(3)
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(s)
		inPara++
		n += len(strings.Fields(s))
	}
	return source, title, b.String()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
