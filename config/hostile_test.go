package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summarize/summarize/internal/testfs"
)

// TestConfigErrorsNeverEchoSecrets: a file given as --config by mistake
// (a .env file, a shell profile) or with the key where its variable's name
// belongs is refused, and the message quotes none of its secrets.
func TestConfigErrorsNeverEchoSecrets(t *testing.T) {
	const key = "sk-proj-Abc123XyZ789def456GHIjkl"
	const lower = "abcdefgh12345678zzzz"
	cases := []struct{ name, text, secret string }{
		{".env file", "OPENAI_API_KEY=" + key + "\n", key},
		{".env file, lower-case key", "# local settings\nOPENAI_API_KEY=" + lower + "\nOTHER=1\n", lower},
		{"shell profile", "export OPENAI_API_KEY=\"" + key + "\"\n", key},
		{"key as a YAML key", key + ": 1\n", key},
		{"key as the variable name", "llm:\n  api_key_env: " + key + "\n", key},
		{"key as the provider", "provider: " + key + "\n", key},
		{"key as a number", "llm:\n  temperature: " + key + "\n", key},
		{"key in a YAML syntax error", "llm:\n  model: [" + key + "\n", key},
		{"key in a duplicated key", "token: 1\ntoken: " + key + "\n" + key + ": 2\n" + key + ": 3\n", key},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "secrets.env")
			if err := os.WriteFile(path, []byte(tc.text), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path, nil, nil, func(string) string { return "" })
			if err == nil {
				t.Fatal("Load accepted the file")
			}
			if strings.Contains(err.Error(), tc.secret) {
				t.Errorf("the error echoes the secret: %v", err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("the error does not name the file: %v", err)
			}
		})
	}
}

// TestConfigFilesRefusedUnread: a huge file is refused by its size before
// it is parsed, and a named pipe is refused without being opened (opening
// it would wait for a writer forever).
func TestConfigFilesRefusedUnread(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.yaml")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	// 29 MB, as in the issue: sparse, so the test writes almost nothing.
	if err := f.Truncate(29 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	pipe := filepath.Join(dir, "pipe.yaml")
	testfs.Mkfifo(t, pipe)
	for path, want := range map[string]string{huge: "limit", pipe: "not a regular file", dir: "not a regular file"} {
		_, err := Load(path, nil, nil, func(string) string { return "" })
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%s) = %v, want an error saying %q", filepath.Base(path), err, want)
		}
	}
}

func TestLooksSecret(t *testing.T) {
	for s, want := range map[string]bool{
		"sk-proj-Abc123XyZ789def456":      true,
		"OPENAI_API_KEY=abc":              true,
		"password: hunter2":               true,
		"ghp_abcdefghijklmnop":            true,
		"AbCdEf0123456789GhIjKl":          true,
		"gpt-4o-mini-2024-07-18":          false,
		"openai":                          false,
		"http://localhost:11434/v1":       false,
		"/tmp/TestSomething123/001/x.yml": false,
		"json_schema":                     false,
		"llm.temprature":                  false,
	} {
		if got := looksSecret(s); got != want {
			t.Errorf("looksSecret(%q) = %v, want %v", s, got, want)
		}
	}
}
