// Package eval scores a story's disputes and brief against its ground
// truth: the _truth.json file that sits beside its articles. It is the one
// definition of the scores, used by "summarize eval" on run folders and by
// the tests that score an engine directly.
//
// Everything here reads files or plain values and writes nothing; all
// functions are safe for concurrent use.
package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/summarize/summarize/internal/story"
)

// TruthFile is the name of the ground-truth file in a story's input
// folder; names starting with "_" are never read as articles.
const TruthFile = "_truth.json"

// agreeFile holds the agreements of a version 1 truth file.
const agreeFile = "_agree.json"

// Truth is a story's ground truth (version 2 of _truth.json; README
// "Ground truth").
type Truth struct {
	Version    int       `json:"version"`
	Disputes   []Dispute `json:"disputes"`
	Omissions  []Claim   `json:"omissions"`
	Agreements []Claim   `json:"agreements"`
	OffTopic   []string  `json:"off_topic"`
}

// Dispute is a real disagreement between the story's sources.
type Dispute struct {
	Topic     string     `json:"topic"`
	Kind      string     `json:"kind"`
	Keywords  []string   `json:"keywords"`
	Positions []Position `json:"positions"`
}

// Position is what one source says on a dispute: Value, and the surface
// forms (Match) in which that value may appear in a sentence or quote.
type Position struct {
	Source string   `json:"source"`
	Value  string   `json:"value"`
	Match  []string `json:"match"`
}

// Claim is something some sources say: an omission (only they report it)
// or an agreement (they word it differently but agree).
type Claim struct {
	Topic    string   `json:"topic"`
	Sources  []string `json:"sources"`
	Keywords []string `json:"keywords"`
}

// v1Entry is one element of a version 1 _truth.json (a bare array) or of
// _agree.json.
type v1Entry struct {
	Topic    string   `json:"topic"`
	Kind     string   `json:"kind"`
	Sources  []string `json:"sources"`
	Keywords []string `json:"keywords"`
}

// ReadTruth reads the ground truth in dir. It returns nil and no error
// when dir has no _truth.json. Version 1 files (an array of points, plus an
// optional _agree.json) are read as version 2 positions without values.
func ReadTruth(dir string) (*Truth, error) {
	data, err := os.ReadFile(filepath.Join(dir, TruthFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read ground truth: %w", err)
	}
	return ParseTruth(dir, data)
}

// ParseTruth parses the _truth.json of dir (whose _agree.json a version 1
// file takes its agreements from).
func ParseTruth(dir string, data []byte) (*Truth, error) {
	path := filepath.Join(dir, TruthFile)
	var v1 []v1Entry
	if err := json.Unmarshal(data, &v1); err == nil {
		t := &Truth{Version: 1}
		for _, e := range v1 {
			if e.Kind == story.KindOmission {
				t.Omissions = append(t.Omissions, Claim{Topic: e.Topic, Sources: e.Sources, Keywords: e.Keywords})
				continue
			}
			d := Dispute{Topic: e.Topic, Kind: e.Kind, Keywords: e.Keywords}
			for _, s := range e.Sources {
				d.Positions = append(d.Positions, Position{Source: s})
			}
			t.Disputes = append(t.Disputes, d)
		}
		agree, err := os.ReadFile(filepath.Join(dir, agreeFile))
		if err == nil {
			var entries []v1Entry
			if err := json.Unmarshal(agree, &entries); err != nil {
				return nil, fmt.Errorf("parse %s: %w", filepath.Join(dir, agreeFile), err)
			}
			for _, e := range entries {
				t.Agreements = append(t.Agreements, Claim{Topic: e.Topic, Sources: e.Sources, Keywords: e.Keywords})
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read %s: %w", agreeFile, err)
		}
		return t, nil
	}
	var t Truth
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	if t.Version != 2 {
		return nil, fmt.Errorf("%s: version %d, want 2 (or a version 1 array)", path, t.Version)
	}
	for i, d := range t.Disputes {
		if !slices.Contains(story.Kinds, d.Kind) || d.Kind == story.KindOmission {
			return nil, fmt.Errorf("%s: disputes[%d] %q: kind %q is not factual, framing, emphasis or timing", path, i, d.Topic, d.Kind)
		}
	}
	return &t, nil
}
