package grounding

import "testing"

func TestSameValue(t *testing.T) {
	excluded := map[string]bool{}
	tests := []struct {
		a, b string
		want bool
	}{
		{"1,400 teachers", "1,400 Fenwick teachers", true}, // a name beside a figure is no second value
		{"1,400 teachers", "1,600 teachers", false},
		{"six weeks", "6 weeks", true},
		{"six weeks", "six months", false},
		{"25,000", "25,000 vehicles", true}, // a figure without its unit
		{"Marta Velez", "Marta Velez", true},
		{"Marta Velez", "Tom Brandt", false},
		{"3%", "3.5%", false},
	}
	for _, tt := range tests {
		a, b := valueTerms(tt.a, excluded), valueTerms(tt.b, excluded)
		if got := sameValue(a, b); got != tt.want {
			t.Errorf("sameValue(%q %v, %q %v) = %v, want %v", tt.a, a, tt.b, b, got, tt.want)
		}
	}
}
