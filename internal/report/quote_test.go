package report

import (
	"strings"
	"testing"
	"unicode"
)

func TestFindQuote(t *testing.T) {
	const article = "The mayor said: “We will rebuild the pier — all of it.”\n\nShe added that  funds\twere ‘secured’."
	for _, tc := range []struct {
		quote string
		want  string // the passage of the article; "" when not found
	}{
		{"We will rebuild the pier", "We will rebuild the pier"},
		{`"We will rebuild the pier - all of it."`, "“We will rebuild the pier — all of it.”"},
		{`'We will rebuild the pier'`, "We will rebuild the pier"},
		{"we WILL rebuild", "We will rebuild"},
		{"funds were 'secured'", "funds\twere ‘secured’"},
		{"added that funds were", "added that  funds\twere"},
		{"it.”\nShe added", "it.”\n\nShe added"},
		{"  pier  ", "pier"},
		{"We will rebuild the pier...", "We will rebuild the pier"},
		{"We will demolish the pier", ""},
		{"", ""},
		{"“”", ""},
	} {
		sp, ok := findQuote(normalizeForMatch(article), tc.quote)
		got := ""
		if ok {
			got = article[sp.start:sp.end]
		}
		if got != tc.want {
			t.Errorf("findQuote(%q) = %q, want %q", tc.quote, got, tc.want)
		}
	}
}

func TestFindQuoteMultiByteCase(t *testing.T) {
	// Lower-casing changes the byte length of some letters (the Kelvin
	// sign becomes a one-byte "k"); offsets must still map back correctly.
	const article = "Temperature of 300 \u212A at ÉCOLE Normale."
	sp, ok := findQuote(normalizeForMatch(article), "300 k at école")
	if !ok || article[sp.start:sp.end] != "300 \u212A at ÉCOLE" {
		t.Fatalf("got %v %q", ok, article[sp.start:sp.end])
	}
}

func TestHighlightOverlapping(t *testing.T) {
	const text = "alpha <beta> gamma delta"
	got := string(highlight(text, []quoteMark{
		{span: span{6, 18}, id: "q1", back: "p1", class: "quote", label: "point 1"},  // "<beta> gamma"
		{span: span{13, 24}, id: "q2", back: "p2", class: "quote", label: "point 2"}, // "gamma delta"
		{span: span{13, 24}, id: "q3", back: "p3", class: "quote", label: "point 3"}, // the same passage quoted twice
	}))
	want := `alpha <mark class="quote" id="q1">&lt;beta&gt; </mark>` +
		`<mark class="quote" id="q2"><span id="q3"></span>gamma</mark><a class="back" href="#p1" title="back to point 1">&#8617;&#160;point 1</a>` +
		`<mark class="quote"> delta</mark><a class="back" href="#p2" title="back to point 2">&#8617;&#160;point 2</a><a class="back" href="#p3" title="back to point 3">&#8617;&#160;point 3</a>`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSafeURL(t *testing.T) {
	for u, want := range map[string]bool{
		"https://a.example/x": true, "HTTP://a.example": true, "mailto:x@a.example": true,
		"#source-a": true, "report.html": true, "a/b:c": true,
		"javascript:alert(1)": false, "JaVaScRiPt:alert(1)": false, "java\tscript:alert(1)": false,
		" javascript:alert(1)": false, "vbscript:x": false, "data:text/html,x": false, "file:///etc/passwd": false,
	} {
		if got := safeURL(u); got != want {
			t.Errorf("safeURL(%q) = %v, want %v", u, got, want)
		}
	}
}

func TestBriefHTMLCitations(t *testing.T) {
	md := newMarkdown(0)
	targets := map[string]citationTarget{
		"Daily Planet": {anchor: "source-daily-planet", source: "daily-planet"},
		"Gazette":      {anchor: "source-gazette", source: "gazette"},
		"Ghost":        {source: ""},
	}
	src := "Storm hit [Daily Planet; Gazette]. Winds [Ghost, Gazette]. See [a link](#x) and [note]. Code `[Gazette]`.\n\n" +
		"The token sumcite0x is ordinary text.\n"
	got, unknown, err := briefHTML(md, src, targets, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := string(got)
	for _, want := range []string{
		`<a href="#source-daily-planet" title="the article of Daily Planet">Daily Planet</a>, <a href="#source-gazette" title="the article of Gazette">Gazette</a>`,
		`<span class="unknown" title="names no source of this story">Ghost&#8201;(unknown source)</span>, <a href="#source-gazette"`,
		`<a href="#x">a link</a>`,
		`[note]`,
		`The token sumcite0x is ordinary text.`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("missing %s in\n%s", want, h)
		}
	}
	if len(unknown) != 1 || unknown[0] != "Ghost" {
		t.Errorf("unknown = %q", unknown)
	}
}

func TestFoldRuneASCII(t *testing.T) {
	// The ASCII fast path must agree with the general rule: lower case,
	// and the backtick read as an apostrophe.
	for r := rune(0); r < 0x80; r++ {
		want := unicode.ToLower(r)
		if r == '`' {
			want = '\''
		}
		if got := foldRune(r); got != want {
			t.Errorf("foldRune(%q) = %q, want %q", r, got, want)
		}
	}
}

func TestMarkValueKeepsNumbersWhole(t *testing.T) {
	for _, c := range []struct{ quote, claim, want string }{
		{"It spilled about 38,000 litres of diesel.", "38,000 litres", `It spilled about <mark class="value">38,000 litres</mark> of diesel.`},
		{"Crews came from Leeds, York and Hull.", "Leeds, York", `Crews came from <mark class="value">Leeds</mark>, York and Hull.`},
	} {
		if got := string(markValue(c.quote, c.claim, nil)); got != c.want {
			t.Errorf("markValue(%q, %q) = %s, want %s", c.quote, c.claim, got, c.want)
		}
	}
}
