package offline

import "testing"

// FuzzDisputesAndBrief: no text makes the engine panic or fail. The seeds
// are the shapes the readers of harm, spots, doers, live blogs, decades
// and leads take apart token by token, where an index can run off the end.
// Run longer with go test -run '^$' -fuzz FuzzDisputesAndBrief ./internal/offline
// (90 s, about 300,000 inputs, found nothing).
func FuzzDisputesAndBrief(f *testing.F) {
	f.Add("No one was hurt, the fire service said. The blast ripped through a coal face.", "A man was scratched near the village of Harun, who alerted the agency. It was not X that found it.")
	f.Add("**07:58** Two people. **09:45** Three people, not two.", "Finance Director Gwen Hale, who drafted the plan, said. 1960s the late 1960s. magnitude-6.8 No. 2")
	f.Add("Shortly after 4 a.m. in the basement dry store - , and", "whose , who drafted by, nor will the be")
	f.Add("in the village of", "no one")
	e := New(DefaultOptions())
	f.Fuzz(func(t *testing.T, a, b string) {
		docs := []Doc{{ID: "a", Name: "A", Text: a}, {ID: "b", Name: "B", Text: b}, {ID: "c", Name: "C", Text: a + "\n\n" + b}}
		found, err := e.Disputes(docs)
		if err != nil {
			t.Fatalf("disputes: %v", err)
		}
		if _, err := e.Brief(docs, found.Points); err != nil {
			t.Fatalf("brief: %v", err)
		}
	})
}
