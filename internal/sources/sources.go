// Package sources is the outlet registry: the news outlets a user knows,
// each with a display name, other names it goes by, its web domains and
// optional labels (lean, country, kind), so that articles are named after
// the outlet people recognise ("USA Today") rather than whatever their
// files give ("www.usatoday.com", "002_7a533cf7c7b7c6c8").
//
// Entries come from the sources setting of the configuration and from a
// sources.yaml file beside the inputs (see ReadFile); Check validates a
// list of them. A Registry is built once and then only read: it is safe
// for concurrent use.
package sources

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/summarize/summarize/internal/story"
)

// FileName is the registry file read beside the inputs of a run.
const FileName = "sources.yaml"

// Outlet is one registry entry. The mapstructure tags are the keys of the
// configuration's sources list; the yaml tags those of sources.yaml.
type Outlet struct {
	// Name is how the outlet is shown everywhere.
	Name string `mapstructure:"name" yaml:"name"`
	// Aliases are other names articles give it, matched ignoring case
	// and spacing ("usatoday", "USA TODAY").
	Aliases []string `mapstructure:"aliases" yaml:"aliases"`
	// Domains are host names; each also matches its subdomains, so
	// "usatoday.com" covers "www.usatoday.com".
	Domains []string `mapstructure:"domains" yaml:"domains"`
	// Lean, Country and Kind are free labels shown in reports; the story
	// page draws its coverage bar by Lean.
	Lean    string `mapstructure:"lean" yaml:"lean"`
	Country string `mapstructure:"country" yaml:"country"`
	Kind    string `mapstructure:"kind" yaml:"kind"`
}

// Check reports every invalid entry of list, each problem naming its
// entry as key[i] (key is where the list came from, such as "sources").
func Check(key string, list []Outlet) error {
	var errs []error
	for i, o := range list {
		at := fmt.Sprintf("%s[%d]", key, i)
		if strings.TrimSpace(o.Name) == "" {
			errs = append(errs, fmt.Errorf("%s.name: must name the outlet", at))
		}
		for j, d := range o.Domains {
			if host(d) == "" {
				errs = append(errs, fmt.Errorf("%s.domains[%d]: %q is not a domain such as example.com", at, j, d))
			}
		}
	}
	return errors.Join(errs...)
}

// ReadFile reads a sources.yaml file: a list of entries, or a mapping
// whose "sources" key holds the list. Unknown keys are errors, so that a
// misspelt "domain:" is not silently ignored.
func ReadFile(path string) ([]Outlet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var list []Outlet
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("sources:")) {
		var doc struct {
			Sources []Outlet `yaml:"sources"`
		}
		err = dec.Decode(&doc)
		list = doc.Sources
	} else {
		err = dec.Decode(&list)
	}
	if err != nil && !errors.Is(err, io.EOF) { // io.EOF: an empty file
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := Check(path, list); err != nil {
		return nil, err
	}
	return list, nil
}

// Registry looks outlets up by name, alias and domain. The zero value and
// nil are empty registries.
type Registry struct {
	outlets []Outlet
	names   map[string]int // folded name or alias → index in outlets
	domains map[string]int // lower-case host → index in outlets
}

// New builds a registry from entries that passed Check. When two entries
// claim the same name, alias or domain, the first one wins: put the more
// specific list (a sources.yaml beside the inputs) first.
func New(list []Outlet) *Registry {
	r := &Registry{outlets: list, names: map[string]int{}, domains: map[string]int{}}
	for i, o := range list {
		for _, n := range append([]string{o.Name}, o.Aliases...) {
			if k := fold(n); k != "" {
				if _, taken := r.names[k]; !taken {
					r.names[k] = i
				}
			}
		}
		for _, d := range o.Domains {
			if h := host(d); h != "" {
				if _, taken := r.domains[h]; !taken {
					r.domains[h] = i
				}
			}
		}
	}
	return r
}

// Lookup finds the outlet a name stands for: one of its names or aliases,
// or, for a name that is a host name or URL ("www.usatoday.com"), the
// entry whose domain covers it.
func (r *Registry) Lookup(name string) (Outlet, bool) {
	if r == nil {
		return Outlet{}, false
	}
	if i, ok := r.names[fold(name)]; ok {
		return r.outlets[i], true
	}
	if strings.ContainsAny(strings.TrimSpace(name), " \t") {
		return Outlet{}, false
	}
	return r.ForURL(name)
}

// ForURL finds the outlet whose domain covers the host of u, which may
// be a full URL or a bare host name.
func (r *Registry) ForURL(u string) (Outlet, bool) {
	if r == nil {
		return Outlet{}, false
	}
	for h := host(u); h != ""; {
		if i, ok := r.domains[h]; ok {
			return r.outlets[i], true
		}
		_, parent, found := strings.Cut(h, ".")
		if !found {
			break
		}
		h = parent
	}
	return Outlet{}, false
}

// Name names an article's outlet from the registry and returns a warning
// when the article stays named after a file name that looks like a hash,
// which nobody would recognise. It implements ingest.Namer.
//
// The article's own source (front matter, the HTML page's site name, an
// "Original Source:" line) is tried first, then its URL, then its file
// name; the first that the registry knows renames the article and sets
// its outlet labels. Without a match the article keeps its name.
func (r *Registry) Name(a *story.Article) (warning string) {
	stem := fileStem(a.Path)
	fromFile := a.Source == stem
	if o, ok := r.Lookup(a.Source); ok && !fromFile {
		apply(a, o)
		return ""
	}
	if o, ok := r.ForURL(a.URL); ok && a.URL != "" {
		apply(a, o)
		return ""
	}
	if o, ok := r.Lookup(a.Source); ok {
		apply(a, o)
		return ""
	}
	if fromFile && hashLike(stem) {
		return fmt.Sprintf("article %s has no outlet name, so it is called %q: give it a \"source:\" line in front matter, "+
			"an \"Original Source: example.com\" line at its end, or an entry in %s (or the sources setting) whose domains cover its URL",
			articleFile(a.Path), stem, FileName)
	}
	return ""
}

func apply(a *story.Article, o Outlet) {
	a.Source = o.Name
	a.Lean, a.Country, a.OutletKind = o.Lean, o.Country, o.Kind
}

// fold is the form names are compared in: lower case, white space
// collapsed.
func fold(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// host returns the lower-case host name of a URL or bare domain, without
// port or trailing dot, or "" when s is neither.
func host(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" {
		return ""
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	h := strings.TrimSuffix(u.Hostname(), ".")
	if h == "" || strings.ContainsAny(h, " _") {
		return ""
	}
	return h
}

// articleFile is the file an article was read from: its path without the
// ":LINE" a JSON Lines record carries.
func articleFile(path string) string {
	if i := strings.LastIndexByte(path, ':'); i > 0 && strings.Trim(path[i+1:], "0123456789") == "" && i+1 < len(path) {
		return path[:i]
	}
	return path
}

// fileStem is the name an article without a source is given by package
// ingest: its file's base name without extension.
func fileStem(path string) string {
	base := filepath.Base(articleFile(path))
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// hashLike reports whether a file name looks machine-made: it holds a run
// of at least eight hexadecimal digits with a digit among them
// ("000_4dbfc90e3b021005"), or only digits and separators ("0042").
func hashLike(stem string) bool {
	run, digit := 0, false
	onlyDigits := stem != ""
	for _, r := range strings.ToLower(stem) {
		isDigit := r >= '0' && r <= '9'
		isHex := isDigit || r >= 'a' && r <= 'f'
		if !isDigit && !strings.ContainsRune("_-. ", r) {
			onlyDigits = false
		}
		if isHex {
			run++
			digit = digit || isDigit
			if run >= 8 && digit {
				return true
			}
		} else {
			run, digit = 0, false
		}
	}
	return onlyDigits
}
