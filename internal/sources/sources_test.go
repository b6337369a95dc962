package sources

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/story"
)

var testOutlets = []Outlet{
	{Name: "USA Today", Aliases: []string{"usatoday", "USA TODAY"}, Domains: []string{"usatoday.com"}, Lean: "center", Country: "US", Kind: "newspaper"},
	{Name: "Harbor Daily", Domains: []string{"https://harbordaily.example/"}, Lean: "left"},
	{Name: "Harbor Daily Sport", Domains: []string{"sport.harbordaily.example"}},
	// A later entry never takes a name or domain an earlier one has.
	{Name: "Impostor", Aliases: []string{"usatoday"}, Domains: []string{"usatoday.com"}},
}

func TestName(t *testing.T) {
	r := New(testOutlets)
	tests := []struct {
		name                string
		article             story.Article
		want, lean, warning string
	}{
		{"front matter alias", story.Article{Source: "usatoday", Path: "in/a.md"}, "USA Today", "center", ""},
		{"alias ignores case and spacing", story.Article{Source: "  Usa   Today ", Path: "in/a.md"}, "USA Today", "center", ""},
		{"Original Source line with subdomain", story.Article{Source: "www.usatoday.com", Path: "in/002_7a533cf7c7b7c6c8.txt"}, "USA Today", "center", ""},
		{"URL", story.Article{Source: "0042", URL: "https://eu.usatoday.com/story/x", Path: "in/0042.txt"}, "USA Today", "center", ""},
		{"most specific domain", story.Article{Source: "x", URL: "https://sport.harbordaily.example/a", Path: "in/b.md"}, "Harbor Daily Sport", "", ""},
		{"parent domain", story.Article{Source: "x", URL: "http://www.harbordaily.example/a", Path: "in/b.md"}, "Harbor Daily", "left", ""},
		{"file name as alias", story.Article{Source: "usatoday", Path: "in/usatoday.txt"}, "USA Today", "center", ""},
		{"a lookalike domain is not a subdomain", story.Article{Source: "Ledger", URL: "https://notusatoday.com/a", Path: "in/c.md"}, "Ledger", "", ""},
		{"unknown name kept", story.Article{Source: "Valley Ledger", Path: "in/valley.md"}, "Valley Ledger", "", ""},
		{"plain file name kept without warning", story.Article{Source: "valley", Path: "in/valley.md"}, "valley", "", ""},
		{"hash-like file name warns", story.Article{Source: "000_4dbfc90e3b021005", Path: "in/000_4dbfc90e3b021005.txt"}, "000_4dbfc90e3b021005", "", "000_4dbfc90e3b021005.txt"},
		{"JSON Lines record named after its file", story.Article{Source: "00017", Path: "in/00017.jsonl:3"}, "00017", "", "00017.jsonl has no outlet name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.article
			w := r.Name(&a)
			if a.Source != tt.want || a.Lean != tt.lean {
				t.Errorf("named %q (lean %q), want %q (lean %q)", a.Source, a.Lean, tt.want, tt.lean)
			}
			if (w == "") != (tt.warning == "") || !strings.Contains(w, tt.warning) {
				t.Errorf("warning %q, want one containing %q", w, tt.warning)
			}
			if w != "" && !strings.Contains(w, FileName) {
				t.Errorf("warning %q does not say how to name the outlet", w)
			}
		})
	}
}

func TestNilRegistryStillWarns(t *testing.T) {
	var r *Registry
	a := story.Article{Source: "4dbfc90e3b021005", Path: "4dbfc90e3b021005.txt"}
	if w := r.Name(&a); w == "" || a.Source != "4dbfc90e3b021005" {
		t.Errorf("got %q, %q", a.Source, w)
	}
}

func TestReadFile(t *testing.T) {
	tests := []struct {
		name, text string
		names      []string
		err        string
	}{
		{"list", "- name: USA Today\n  domains: [usatoday.com]\n  lean: center\n", []string{"USA Today"}, ""},
		{"mapping", "sources:\n  - name: A\n  - name: B\n    aliases: [b]\n", []string{"A", "B"}, ""},
		{"empty", "", nil, ""},
		{"misspelt key", "- name: A\n  domain: a.example\n", nil, "domain"},
		{"no name", "- domains: [a.example]\n", nil, "[0].name"},
		{"bad domain", "- name: A\n  domains: [\"a b\"]\n", nil, "[0].domains[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			if err := os.WriteFile(path, []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			list, err := ReadFile(path)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one mentioning %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, o := range list {
				names = append(names, o.Name)
			}
			if strings.Join(names, ",") != strings.Join(tt.names, ",") {
				t.Errorf("names %v, want %v", names, tt.names)
			}
		})
	}
}

func TestHashLike(t *testing.T) {
	for stem, want := range map[string]bool{
		"000_4dbfc90e3b021005": true, "0042": true, "a1b2c3d4e5": true,
		"harbor-daily": false, "coastline-radio": false, "deadbeefcafe": false, "report-2024": false, "": false,
	} {
		if got := hashLike(stem); got != want {
			t.Errorf("hashLike(%q) = %v, want %v", stem, got, want)
		}
	}
}
