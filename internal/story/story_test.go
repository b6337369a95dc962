package story

import (
	"slices"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	cases := map[string]string{
		"Daily Planet":          "daily-planet",
		"  Reuters/AP  ":        "reuters-ap",
		"../../etc/passwd":      "etc-passwd",
		"Le Monde (édition)":    "le-monde-edition",
		"www.usatoday.com":      "www-usatoday-com",
		"a\x00b\nc":             "a-b-c",
		strings.Repeat("x", 99): strings.Repeat("x", 64),
	}
	for in, want := range cases {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{"", ".", "..", "/", "Новости", "新闻", "日本経済"} {
		got := Slug(in)
		if got == "" || got == "." || got == ".." || strings.ContainsAny(got, `/\.`) {
			t.Errorf("Slug(%q) = %q: not a safe file name", in, got)
		}
	}
	if Slug("Новости") == Slug("新闻") {
		t.Error("distinct non-Latin names got the same slug")
	}
}

func TestSplitOmissions(t *testing.T) {
	tests := []struct {
		name            string
		in              []Point
		points, omitted []string
	}{
		{"none", nil, nil, nil},
		{"only disputes", []Point{{Topic: "a", Kind: KindFactual}, {Topic: "b", Kind: KindTiming}}, []string{"a", "b"}, nil},
		{"mixed keeps order", []Point{{Topic: "a", Kind: KindOmission}, {Topic: "b", Kind: KindFactual}, {Topic: "c", Kind: KindOmission}}, []string{"b"}, []string{"a", "c"}},
	}
	topics := func(ps []Point) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Topic)
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Disputes{DisputedPoints: tt.in}
			d.SplitOmissions()
			if d.DisputedPoints == nil || d.Omissions == nil {
				t.Fatal("lists must be non-nil so that JSON has [] rather than null")
			}
			if got := topics(d.DisputedPoints); !slices.Equal(got, tt.points) {
				t.Errorf("disputed points = %v, want %v", got, tt.points)
			}
			if got := topics(d.Omissions); !slices.Equal(got, tt.omitted) {
				t.Errorf("omissions = %v, want %v", got, tt.omitted)
			}
		})
	}
}
