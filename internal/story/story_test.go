package story

import (
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
