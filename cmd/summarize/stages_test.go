package main

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/manifest"
)

// copyPrompts copies the prompt files of pipeline/testdata/suite/NAME into a new folder.
func copyPrompts(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob(filepath.Join("..", "..", "pipeline", "testdata", "suite", name, "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no prompt files in pipeline/testdata/suite/%s: %v", name, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// callsByStage counts a manifest's calls by stage, and those sent.
func callsByStage(m *manifest.Manifest) (all, sent map[string]int) {
	all, sent = map[string]int{}, map[string]int{}
	for _, c := range m.Calls {
		all[c.Stage]++
		if c.Cache != "hit" {
			sent[c.Stage]++
		}
	}
	return all, sent
}

// TestStagesFromPromptFiles is issue 13's test of done: two prompt files
// added to a prompts folder, and no Go, make two more stages, each one
// call per story, cached, re-sent alone when edited, counted by the dry
// run and shown in the report.
func TestStagesFromPromptFiles(t *testing.T) {
	srv := fakeai.New(fakeai.Options{})
	defer srv.Close()
	in := opsCorpus(t) // two stories of three articles
	r := newOpsRun(t)
	promptDir := copyPrompts(t, "prompts")
	args := func(more ...string) []string {
		return r.args(srv.URL(), append([]string{"--prompts", promptDir}, append(more, in)...)...)
	}

	code, stdout, stderr := cli(t, nil, "prompts", "list", "--prompts", promptDir)
	if code != 0 || !regexp.MustCompile(`(?m)^headline\s+story\s+summaries\s+text\s`).MatchString(stdout) ||
		!regexp.MustCompile(`(?m)^actors\s+story\s+articles\s+json\s`).MatchString(stdout) {
		t.Errorf("prompts list does not show the stages' definitions: exit %d\n%s%s", code, stdout, stderr)
	}

	code, stdout, stderr = cli(t, nil, args("--dry-run")...)
	if code != 0 {
		t.Fatalf("dry run: exit %d\n%s", code, stderr)
	}
	for _, stage := range []string{"headline", "actors"} {
		if !regexp.MustCompile(`(?m)^` + stage + `\s+2\s+0\s+2\s+[1-9]`).MatchString(stdout) {
			t.Errorf("dry run does not count 2 %s calls to send, with their tokens:\n%s", stage, stdout)
		}
	}
	if strings.Contains(stdout, "would fail") {
		t.Errorf("dry run says a call would fail:\n%s", stdout)
	}
	// In JSON mode the request carries no schema; the dry run still
	// answers each JSON stage in its shape.
	code, jsonMode, stderr := cli(t, map[string]string{"SUMMARIZE_LLM_RESPONSE_FORMAT": "json_object"}, args("--dry-run")...)
	if code != 0 || strings.Contains(jsonMode, "would fail") || !regexp.MustCompile(`(?m)^actors\s+2\s+0\s+2\s`).MatchString(jsonMode) {
		t.Errorf("dry run in JSON mode: exit %d\n%s%s", code, jsonMode, stderr)
	}

	code, _, stderr = cli(t, nil, args("--run-id", "first")...)
	if code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	first := filepath.Join(r.out, "first")
	m := readManifest(t, first)
	all, _ := callsByStage(m)
	if all["headline"] != 2 || all["actors"] != 2 {
		t.Errorf("calls by stage = %v, want one headline and one actors call per story", all)
	}
	if want := dryRunSends(t, stdout); srv.Requests() != want {
		t.Errorf("the run sent %d requests, the dry run counted %d", srv.Requests(), want)
	}
	for _, s := range m.Stories {
		if s.Status != "done" {
			t.Errorf("story %s: %s", s.ID, s.Status)
		}
		headline, err := os.ReadFile(filepath.Join(first, s.Dir, "headline.md"))
		if err != nil || strings.TrimSpace(string(headline)) == "" {
			t.Errorf("%s/headline.md: %q %v", s.Dir, headline, err)
		}
		var actors struct {
			Actors []struct {
				Name, Role, Source, Quote string
				QuoteVerified             *bool `json:"quote_verified"`
			}
		}
		data, err := os.ReadFile(filepath.Join(first, s.Dir, "actors.json"))
		if err != nil || json.Unmarshal(data, &actors) != nil || len(actors.Actors) == 0 {
			t.Fatalf("%s/actors.json: %v\n%s", s.Dir, err, data)
		}
		for _, a := range actors.Actors {
			if a.QuoteVerified == nil || !*a.QuoteVerified {
				t.Errorf("%s: the quote of %+v is not marked verified", s.Dir, a)
			}
		}
		page, err := os.ReadFile(filepath.Join(first, s.Dir, "report.html"))
		if err != nil {
			t.Fatal(err)
		}
		_, section, _ := strings.Cut(string(page), `<section id="stages">`)
		for _, want := range []string{`id="stage-headline"`, html.EscapeString(strings.TrimSpace(string(headline))), `id="stage-actors"`, "<th scope=\"col\">role</th>", html.EscapeString(actors.Actors[0].Quote)} {
			if !strings.Contains(section, want) {
				t.Errorf("%s/report.html: the stages section lacks %q", s.Dir, want)
			}
		}
	}

	// Nothing changed: nothing is sent (stories carried over).
	before := srv.Requests()
	if code, _, stderr := cli(t, nil, args("--run-id", "second")...); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	if got := srv.Requests() - before; got != 0 {
		t.Errorf("re-run sent %d requests, want 0", got)
	}
	second := filepath.Join(r.out, "second")
	for _, s := range readManifest(t, second).Stories {
		for _, f := range []string{"headline.md", "actors.json"} {
			if _, err := os.Stat(filepath.Join(second, s.Dir, f)); err != nil {
				t.Errorf("carried-over story lacks %s: %v", f, err)
			}
		}
	}

	// Editing headline.md re-sends one call per story and nothing else.
	path := filepath.Join(promptDir, "headline.md")
	text, _ := os.ReadFile(path)
	edited := strings.Replace(string(text), "At most twelve words", "At most ten words", 1)
	if edited == string(text) {
		t.Fatal("edit did not apply")
	}
	os.WriteFile(path, []byte(edited), 0o644)
	before = srv.Requests()
	if code, _, stderr := cli(t, nil, args("--run-id", "third")...); code != 0 {
		t.Fatalf("third run: exit %d\n%s", code, stderr)
	}
	_, sent := callsByStage(readManifest(t, filepath.Join(r.out, "third")))
	if got := srv.Requests() - before; got != 2 || sent["headline"] != 2 || len(sent) != 1 {
		t.Errorf("after editing headline.md: %d requests, sent by stage %v; want 2 headline calls only", got, sent)
	}

	// diff compares the stages' outputs, story by story.
	code, stdout, stderr = cli(t, nil, "diff", first, filepath.Join(r.out, "third"))
	if code != 0 {
		t.Fatalf("diff: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"headline: unchanged", "actors: unchanged"} {
		if strings.Count(stdout, want) != 2 {
			t.Errorf("diff does not say %q for both stories:\n%s", want, stdout)
		}
	}
}

// TestClaimsThenDisputes runs examples/_prompts/claims: a claims stage per
// article, and a disputes prompt that compares the claims, so that the
// disputes request carries no article text at all.
func TestClaimsThenDisputes(t *testing.T) {
	srv := fakeai.New(fakeai.Options{MaxBodies: 100})
	defer srv.Close()
	in := opsCorpus(t)
	r := newOpsRun(t)
	code, _, stderr := cli(t, nil, r.args(srv.URL(), "--prompts", filepath.Join("..", "..", "examples", "_prompts", "claims"), "--run-id", "claims", in)...)
	if code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	dir := filepath.Join(r.out, "claims")
	m := readManifest(t, dir)
	all, _ := callsByStage(m)
	if all["claims"] != 6 || all["disputes"] != 2 {
		t.Errorf("calls by stage = %v, want a claims call per article and a disputes call per story", all)
	}
	for _, s := range m.Stories {
		if s.Status != "done" {
			t.Errorf("story %s: %s", s.ID, s.Status)
		}
		var st struct{ Articles []struct{ ID, Text string } }
		data, _ := os.ReadFile(filepath.Join(dir, s.Dir, "story.json"))
		json.Unmarshal(data, &st)
		for _, a := range st.Articles {
			// Quotes without a source are checked against the article
			// the stage ran for.
			var claims struct {
				Claims []struct {
					Quote         string
					QuoteVerified *bool `json:"quote_verified"`
				}
			}
			data, err := os.ReadFile(filepath.Join(dir, s.Dir, "claims", a.ID+".json"))
			if err != nil || json.Unmarshal(data, &claims) != nil || len(claims.Claims) == 0 {
				t.Fatalf("%s/claims/%s.json: %v\n%s", s.Dir, a.ID, err, data)
			}
			for _, c := range claims.Claims {
				if c.QuoteVerified == nil || !*c.QuoteVerified || !strings.Contains(a.Text, c.Quote) {
					t.Errorf("%s/claims/%s.json: claim %+v not verified against its article", s.Dir, a.ID, c)
				}
			}
		}
		page, _ := os.ReadFile(filepath.Join(dir, s.Dir, "report.html"))
		_, section, _ := strings.Cut(string(page), `id="stage-claims"`)
		section, _, _ = strings.Cut(section, "</article>")
		if strings.Count(section, "<h4>") != len(st.Articles) || !strings.Contains(section, "quote_verified") {
			t.Errorf("%s/report.html does not show the claims of each source", s.Dir)
		}
		seen := 0
		for _, body := range srv.Bodies() {
			if !strings.Contains(string(body), `"disputed_points"`) || !strings.Contains(string(body), "Story: "+s.Name) {
				continue
			}
			seen++
			if !strings.Contains(string(body), "UNTRUSTED CLAIMS") {
				t.Errorf("%s: the disputes request does not carry the claims", s.Dir)
			}
			for _, a := range st.Articles {
				if strings.Contains(string(body), jsonString(a.Text)) {
					t.Errorf("%s: the disputes request carries the full text of %s", s.Dir, a.ID)
				}
			}
		}
		if seen != 1 {
			t.Errorf("%s: %d disputes requests, want 1", s.Dir, seen)
		}
	}
}

// jsonString is s as it appears inside a JSON string.
func jsonString(s string) string {
	data, _ := json.Marshal(s)
	return strings.Trim(string(data), `"`)
}
