package ingest

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	"github.com/summarize/summarize/internal/story"
)

// Load reads one input into a Story. It never fails as a whole: each file
// or record that cannot be used becomes a story.Problem saying why, and the
// rest is kept. Duplicate articles are dropped with a warning. When ctx is
// done, the files not yet read are recorded as problems and Load returns
// what it has.
func Load(ctx context.Context, in Input, opts Options) *story.Story {
	s := &story.Story{
		Version:  story.StoryVersion,
		ID:       in.ID,
		Name:     in.Name,
		Path:     in.Path,
		Problems: slices.Clone(in.Problems),
		Warnings: slices.Clone(in.Warnings),
	}
	if len(in.Files) == 0 && len(in.Problems) == 0 {
		s.Problems = append(s.Problems, story.Problem{
			Path: in.Path,
			Err:  "no article files (accepted: " + accepted() + ")",
		})
	}
	files := slices.Clone(in.Files)
	slices.Sort(files)
	var items []item
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			for _, rest := range files[i:] {
				s.Problems = append(s.Problems, story.Problem{Path: rest, Err: "not read: " + err.Error()})
			}
			break
		}
		// A JSON file split between stories gives each story its own
		// records; what belongs to none (a line that does not parse) goes
		// to the input that takes the unkeyed rest.
		mine := func(key string) bool { return !in.Keyed || !isJSON(f) || key == in.Story }
		got, problems := readFile(f, opts)
		for _, it := range got {
			if mine(it.key) {
				items = append(items, it)
				if it.warning != "" {
					s.Warnings = append(s.Warnings, it.warning)
				}
			}
		}
		for _, p := range problems {
			if mine(p.key) {
				s.Problems = append(s.Problems, p.Problem)
			}
		}
	}
	slices.SortStableFunc(items, func(a, b item) int {
		return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.line, b.line))
	})
	for _, it := range items {
		it.article.SHA256 = story.Digest(it.article.Text)
	}
	if opts.Namer != nil {
		for _, it := range items {
			if w := opts.Namer.Name(it.article); w != "" {
				s.Warnings = append(s.Warnings, w)
			}
		}
	}
	items, warnings := dedupe(items)
	s.Warnings = append(s.Warnings, warnings...)
	s.Articles = articles(items)
	return s
}

// LoadFile reads every article of one file, of any supported format, for
// tools that work on a single article such as `prompts render --article`.
// Articles get IDs unique within the file; nothing is deduplicated.
func LoadFile(path string, opts Options) ([]*story.Article, []story.Problem) {
	items, fileProblems := readFile(path, opts)
	for _, it := range items {
		it.article.SHA256 = story.Digest(it.article.Text)
	}
	var problems []story.Problem
	for _, p := range fileProblems {
		problems = append(problems, p.Problem)
	}
	return articles(items), problems
}

// articles gives the items' articles IDs: the slugs of their sources,
// made unique so that the ID does not depend on the order the articles
// come in. A slug that one article has is its ID; articles that share a
// slug are ordered by their text's digest (then path) and get the slug,
// then "-2", "-3"..., skipping IDs taken. Reversing a story's files so
// cannot swap "cnn" and "cnn-2" and point a citation at another article.
// The articles stay in the items' order. Text digests must be set.
func articles(items []item) []*story.Article {
	bySlug := map[string][]*story.Article{}
	var slugs []string
	out := make([]*story.Article, len(items))
	for i, it := range items {
		out[i] = it.article
		slug := story.Slug(it.article.Source)
		if bySlug[slug] == nil {
			slugs = append(slugs, slug)
		}
		bySlug[slug] = append(bySlug[slug], it.article)
	}
	slices.Sort(slugs)
	taken := newUniqueSlugs()
	for _, slug := range slugs {
		if len(bySlug[slug]) == 1 {
			taken[slug] = true
		}
	}
	for _, slug := range slugs {
		group := bySlug[slug]
		if len(group) == 1 {
			group[0].ID = slug
			continue
		}
		slices.SortStableFunc(group, func(a, b *story.Article) int {
			return cmp.Or(cmp.Compare(a.SHA256, b.SHA256), cmp.Compare(a.Path, b.Path))
		})
		for _, a := range group {
			a.ID = taken.next(a.Source)
		}
	}
	return out
}

// uniqueSlugs hands out story.Slug(name), with "-2", "-3"... appended when
// a slug is already taken.
type uniqueSlugs map[string]bool

func newUniqueSlugs() uniqueSlugs { return make(uniqueSlugs) }

func (u uniqueSlugs) next(name string) string {
	base := story.Slug(name)
	id := base
	for n := 2; u[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	u[id] = true
	return id
}
