package ingest

import (
	"fmt"
	"strings"
)

// generatedArticle returns a deterministic article of about words words,
// different for each seed, made of varied sentences so that shingles do
// not repeat.
func generatedArticle(seed, words int) string {
	subjects := []string{"The council", "A ferry captain", "Local traders", "The harbour office", "Two engineers", "The mayor", "Residents", "A spokesperson"}
	verbs := []string{"said", "warned", "confirmed", "argued", "reported", "denied", "suggested", "announced"}
	objects := []string{"the repairs", "the new timetable", "the budget", "the survey", "the closure", "the contract", "the tide tables", "the fares"}
	var b strings.Builder
	n := 0
	for i := 0; n < words; i++ {
		k := i*7 + seed*13
		s := fmt.Sprintf("%s %s on day %d that %s would cost %d thousand and take %d weeks.",
			subjects[k%len(subjects)], verbs[(k/3)%len(verbs)], i+1+seed*1000, objects[(k/5)%len(objects)], (k*37)%900+seed, (k*11)%52+1)
		if b.Len() > 0 {
			if i%5 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(s)
		n += len(strings.Fields(s))
	}
	return b.String()
}
