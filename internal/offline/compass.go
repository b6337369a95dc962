package offline

import (
	"slices"
	"strings"
)

// A compass claim is one sentence's word on which part of a place
// something happened in: "at the northern end of Quillbourne Sands"
// against "at the southern end of Quillbourne Sands"; "the northern face
// of the quarry" against "the western wall of the quarry". Both sides
// name the same place, so placePoints, which compares names, sees none.
type compassClaim struct {
	cand  int
	dir   string // "north", "south-east", …
	place string // stem of the place's last word
	text  string // the phrase as written
}

// compassPoints reports articles that put the story's event in different
// parts of the same place. An article that names two parts of it tells
// both (where it started and where it spread) and is left out; two
// sentences must share some content beyond the place.
func (f *finder) compassPoints() []candidate {
	a := f.a
	var cs, all []compassClaim
	for i, s := range a.cands {
		if read := readCompass(i, s.tokens); len(read) > 0 && !f.info[i].negated {
			cs = append(cs, read[0])
			all = append(all, read...)
		}
	}
	cs = slices.DeleteFunc(cs, func(c compassClaim) bool {
		return slices.ContainsFunc(all, func(o compassClaim) bool {
			return o.place == c.place && o.dir != c.dir && a.cands[o.cand].doc == a.cands[c.cand].doc
		})
	})
	if len(cs) < 2 {
		return nil
	}
	agree := func(x, y int) bool { return cs[x].dir == cs[y].dir }
	set := claimSet{
		cand: func(x int) int { return cs[x].cand },
		compare: func(x, y int) (bool, bool) {
			return cs[x].place == cs[y].place && a.sim[cs[x].cand][cs[y].cand] > 0, agree(x, y)
		},
		agree: agree,
		claim: func(x int) string { return cs[x].text },
		value: func(x int) string { return cs[x].text },
	}
	return f.splitPoints(len(cs), set, "Where", compassWeight, "%s say %s", func(members []int) string {
		return "Which part of " + placePhrase(cs[members[0]]) + " it happened in"
	})
}

// compassWeight ranks a compass point below a place point (0.9), which
// often says the same with names ("near Shingle Spit"): where a story has
// more points than a report holds, the compass one gives way. Set on the
// tuning half, where at 0.9 it pushed a found point out of a full report.
const compassWeight = 0.6

// readCompass reads each "<compass> <part> of [the] <place>" of a
// sentence: "the northern end of Quillbourne Sands", "the north-east face
// of Mullach Dearg".
func readCompass(cand int, ts []token) []compassClaim {
	var out []compassClaim
	for k := 0; k+3 < len(ts); k++ {
		dir, ok := compassDirs[ts[k].low]
		if !ok {
			continue
		}
		n := k + 1
		// "north-east", "south-western": a second direction joined on.
		if d2, ok := compassDirs[ts[n].low]; ok && ts[n].hyphen {
			dir += "-" + d2
			n++
		}
		if n+2 >= len(ts) || !placeParts[ts[n].low] || ts[n+1].low != "of" {
			continue
		}
		p := n + 2
		if ts[p].low == "the" {
			p++
		}
		end := p
		for end+1 < len(ts) && ts[end].capital && ts[end+1].capital && !ts[end+1].punct {
			end++ // "Quillbourne Sands"
		}
		if p >= len(ts) || ts[p].punct || stopWords[ts[p].low] || ts[p].num {
			continue
		}
		out = append(out, compassClaim{cand: cand, dir: dir, place: stem(ts[end].low), text: surfaceOf(ts, k, end)})
		k = end
	}
	return out
}

// placePhrase names a compass claim's place as its sentence does: "the
// quarry", "Quillbourne Sands".
func placePhrase(c compassClaim) string {
	if _, rest, ok := strings.Cut(c.text, " of "); ok {
		return rest
	}
	return "the place"
}

var (
	compassDirs = map[string]string{
		"north": "north", "northern": "north", "south": "south", "southern": "south",
		"east": "east", "eastern": "east", "west": "west", "western": "west",
	}
	// placeParts are the parts of a place a direction picks out.
	placeParts = wordSet("end side edge part tip shore bank half face flank corner wall slope")
)
