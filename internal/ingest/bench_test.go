package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/summarize/summarize/internal/story"
)

// benchStory writes a story folder of n articles of about words words
// each, in the plain-text form scraped articles usually arrive in.
func benchStory(b *testing.B, n, words int) Input {
	b.Helper()
	dir := b.TempDir()
	files := make(map[string]string)
	for i := range n {
		files[fmt.Sprintf("%03d.txt", i)] = "Harbour plan debated\n\nConnect with us\n\n" + generatedArticle(i, words) + "\n\nShare\n\nOriginal Source: outlet" + fmt.Sprint(i) + ".example\n"
	}
	writeFilesB(b, dir, files)
	inputs, err := Discover([]string{dir}, Options{})
	if err != nil || len(inputs) != 1 {
		b.Fatalf("Discover: %v, %d inputs", err, len(inputs))
	}
	return inputs[0]
}

func BenchmarkLoad(b *testing.B) {
	in := benchStory(b, 5, 700)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		s := Load(ctx, in, Options{})
		if len(s.Articles) != 5 {
			b.Fatalf("loaded %d articles, problems %+v, warnings %q", len(s.Articles), s.Problems, s.Warnings)
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	text := "Connect with us\r\n\r\n" + generatedArticle(0, 700) + "\r\n\r\n1x\r\n"
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(text)
	}
}

func BenchmarkDedupe(b *testing.B) {
	in := benchStory(b, 20, 700)
	items, _ := readAll(in)
	for _, it := range items {
		it.article.SHA256 = story.Digest(it.article.Text)
	}
	b.ReportAllocs()
	for b.Loop() {
		kept, _ := dedupe(items)
		if len(kept) != len(items) {
			b.Fatalf("kept %d of %d distinct articles", len(kept), len(items))
		}
	}
}

func readAll(in Input) ([]item, []fileProblem) {
	var items []item
	var problems []fileProblem
	for _, f := range in.Files {
		got, p := readFile(filepath.Clean(f), Options{})
		items = append(items, got...)
		problems = append(problems, p...)
	}
	return items, problems
}
