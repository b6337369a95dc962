// Package story defines the data that flows through summarize: the
// articles of a story as loaded and normalized, and the disputes document
// (disputes.json) that every provider writes.
//
// Values of these types are plain data. An Article or Story is built once by
// the loader and then only read, so it may be shared between goroutines
// without locking; nothing here mutates its receiver after construction.
package story

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Article is one outlet's text about a story, after normalization.
type Article struct {
	// ID is unique within its story and safe as a file name; it is the
	// slug of Source (with a numeric suffix where two articles share one).
	ID        string `json:"id"`
	Source    string `json:"source"`
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
	// Lean, Country and OutletKind are the outlet's labels from the
	// sources registry (package sources), when it has an entry for it.
	Lean       string `json:"lean,omitempty"`
	Country    string `json:"country,omitempty"`
	OutletKind string `json:"outlet_kind,omitempty"`
	// Path names where the article was read from; for JSON Lines it ends
	// in ":LINE".
	Path string `json:"path"`
	// SHA256 is the hex digest of Text.
	SHA256 string `json:"sha256"`
	Text   string `json:"text"`
}

// StoryVersion is the version of the story.json format, the story as a
// run saw it (articles with their normalized text).
const StoryVersion = 1

// Story is a set of articles about the same event. Written as story.json.
type Story struct {
	Version int `json:"version"`
	// ID is unique within a run and safe as a file name.
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Path     string     `json:"path"`
	Articles []*Article `json:"articles"`
	// Problems lists the inputs of this story that could not be used and
	// why; the story goes on without them.
	Problems []Problem `json:"problems,omitempty"`
	// Warnings are notes that lose nothing, such as a dropped duplicate.
	Warnings []string `json:"warnings,omitempty"`
}

// Problem is an input that could not be used.
type Problem struct {
	Path string `json:"path"`
	Err  string `json:"error"`
}

// Article returns the article with the given ID, or nil.
func (s *Story) Article(id string) *Article {
	for _, a := range s.Articles {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// Digest returns the hex SHA-256 of text.
func Digest(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// Slug turns any name into a lower-case ASCII file name made of letters,
// digits and single hyphens, at most 64 bytes long. It never returns "",
// ".", "..", or anything containing a path separator; a name with no usable
// characters becomes "x-" plus a short hash of the name, so that distinct
// non-Latin names stay distinct.
func Slug(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(name) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			hyphen = false
		case unicode.Is(unicode.Mn, r):
			// Combining marks left by NFKD: "é" becomes "e".
		default:
			if b.Len() > 0 && !hyphen {
				b.WriteByte('-')
				hyphen = true
			}
		}
		if b.Len() >= 64 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		return "x-" + Digest(name)[:10]
	}
	return s
}

// DisputesVersion is the version of the disputes.json format. Version 2
// moved "only X reports this" points out of DisputedPoints into Omissions.
const DisputesVersion = 2

// The kinds of disputed point.
const (
	KindFactual  = "factual"
	KindFraming  = "framing"
	KindEmphasis = "emphasis"
	KindOmission = "omission"
	KindTiming   = "timing"
)

// Kinds lists every valid Point.Kind.
var Kinds = []string{KindFactual, KindFraming, KindEmphasis, KindOmission, KindTiming}

// Disputes is the disputes.json document of one story.
type Disputes struct {
	Version int         `json:"version"`
	Story   string      `json:"story"`
	Sources []SourceRef `json:"sources"`
	// DisputedPoints are real disagreements: each has two or more
	// positions, from sources that say different things.
	DisputedPoints []Point `json:"disputed_points"`
	// Omissions are salient claims that only some sources make. They are
	// not disagreements and are never counted as disputed points; each has
	// Kind KindOmission and one position per source that makes the claim.
	Omissions []Point `json:"omissions"`
	// Note explains an empty or partial result, for example that a story
	// has a single usable source and so nothing to compare.
	Note string `json:"note,omitempty"`
}

// SourceRef names one article of the story.
type SourceRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
}

// Point is one thing the sources disagree on.
type Point struct {
	Topic     string     `json:"topic"`
	Kind      string     `json:"kind"`
	Summary   string     `json:"summary"`
	Positions []Position `json:"positions"`
}

// Position is what one source says on a disputed point.
type Position struct {
	// Source is the SourceRef.ID of the article.
	Source string `json:"source"`
	Claim  string `json:"claim"`
	Quote  string `json:"quote"`
	// QuoteVerified reports whether Quote occurs in the source's text
	// once quotes marks and white space are normalized.
	QuoteVerified bool `json:"quote_verified"`
	// UnknownSource is set when Source names no article of the story.
	UnknownSource bool `json:"unknown_source,omitempty"`
	// ClosestSentence, for a quote that failed to verify, is the sentence
	// of the source's article closest to it, for an editor to compare;
	// the quote is never replaced by it.
	ClosestSentence string `json:"closest_sentence,omitempty"`
}

// SplitOmissions moves the points of kind KindOmission out of
// DisputedPoints into Omissions, keeping the order of each list. Engines
// may report both together; the disputes document keeps them apart.
func (d *Disputes) SplitOmissions() {
	kept := d.DisputedPoints[:0:0]
	for _, p := range d.DisputedPoints {
		if p.Kind == KindOmission {
			d.Omissions = append(d.Omissions, p)
		} else {
			kept = append(kept, p)
		}
	}
	d.DisputedPoints = kept
	if d.DisputedPoints == nil {
		d.DisputedPoints = []Point{}
	}
	if d.Omissions == nil {
		d.Omissions = []Point{}
	}
}

// Sources lists the story's articles as SourceRefs.
func (s *Story) Sources() []SourceRef {
	refs := make([]SourceRef, len(s.Articles))
	for i, a := range s.Articles {
		refs[i] = SourceRef{ID: a.ID, Name: a.Source, Title: a.Title, URL: a.URL}
	}
	return refs
}

// BriefVersion is the version of the brief.json format.
const BriefVersion = 1

// Brief is brief.json: the merged brief of a story with its citations
// resolved. brief.md holds the same Markdown for people.
type Brief struct {
	Version int    `json:"version"`
	Story   string `json:"story"`
	// Markdown is the brief; citations are bracketed lists of source names
	// or IDs, as in "[Daily Planet, Gotham Gazette]".
	Markdown  string     `json:"markdown"`
	Citations []Citation `json:"citations"`
	// Missing lists the sources of the story that produced no summary and
	// so are absent from the brief.
	Missing []string `json:"missing,omitempty"`
}

// Citation is one label found inside a bracketed citation of a brief.
type Citation struct {
	Label string `json:"label"`
	// Source is the ID of the article the label names, or "" when it names
	// none: such a citation is flagged, never trusted.
	Source string `json:"source"`
	Known  bool   `json:"known"`
}

// ChecksVersion is the version of the checks.json format.
const ChecksVersion = 1

// The names of the checks run on every story's brief and disputes. They
// are the keys of Checks.Counts, of manifest.json's stories[].checks and
// of the checks.gates setting.
const (
	// Brief checks.
	CheckSentences             = "sentences"
	CheckUncitedSentences      = "uncited_sentences"
	CheckUnknownCitations      = "unknown_citations"
	CheckUnsupportedCitations  = "unsupported_citations"
	CheckContradictedCitations = "contradicted_citations"
	CheckOneSidedPoints        = "one_sided_points"
	CheckUncitedSources        = "uncited_sources"
	// Disputes checks.
	CheckPositions        = "positions"
	CheckUnverifiedQuotes = "unverified_quotes"
	CheckUnknownSources   = "unknown_sources"
	CheckThinPoints       = "thin_points" // fewer than two positions
	CheckDuplicatePoints  = "duplicate_points"
)

// CheckNames lists every check, brief checks first, in the order reports
// show them.
var CheckNames = []string{
	CheckSentences, CheckUncitedSentences, CheckUnknownCitations, CheckUnsupportedCitations,
	CheckContradictedCitations, CheckOneSidedPoints, CheckUncitedSources,
	CheckPositions, CheckUnverifiedQuotes, CheckUnknownSources, CheckThinPoints, CheckDuplicatePoints,
}

// Checks is checks.json: what the checks found in one story's outputs.
type Checks struct {
	Version int    `json:"version"`
	Story   string `json:"story"`
	// Counts holds every check by name; "sentences" and "positions" are
	// sizes, the others count problems.
	Counts map[string]int `json:"counts"`
	// Flagged names the gated checks whose count is not zero; a story
	// with any is "flagged".
	Flagged []string `json:"flagged"`
	// Items lists every problem found, in the order of the outputs.
	Items []CheckItem `json:"items"`
}

// CheckItem is one problem a check found.
type CheckItem struct {
	Check string `json:"check"`
	// Sentence is the brief sentence concerned, verbatim, if any.
	Sentence string `json:"sentence,omitempty"`
	// Point is the topic of the disputed point concerned, if any.
	Point   string   `json:"point,omitempty"`
	Sources []string `json:"sources,omitempty"`
	Reason  string   `json:"reason"`
}
