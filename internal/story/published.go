package story

import (
	"strings"
	"time"
)

// publishedLayouts are the forms of a published date that can be read,
// most specific first: RFC 3339 (what the HTML reader writes) and the
// forms people put in front matter.
var publishedLayouts = []string{
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
	time.RFC1123Z, time.RFC1123, "January 2, 2006 15:04", "January 2, 2006", "Jan 2, 2006", "2 January 2006",
}

// ParsePublished reads an article's Published field; ok is false when it
// is in no known form. hasClock says whether it gave a time of day.
func ParsePublished(s string) (t time.Time, hasClock, ok bool) {
	s = strings.TrimSpace(s)
	for _, l := range publishedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, strings.Contains(l, "15"), true
		}
	}
	return time.Time{}, false, false
}
