package main

import (
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/summarize/summarize/config"
)

// checkKey refuses an API key that no endpoint would accept as it is: one
// with white space around it (a copied line's newline, a trailing space)
// or inside it, or a control character. HTTP libraries trim such a key
// before sending it, so the endpoint would see, and may echo back, a
// string that differs from the one redaction looks for; refusing at start
// is simpler and safer than guessing. The message says what is wrong and
// where, never the key.
func checkKey(cfg *config.Config, getenv func(string) string) error {
	if cfg.Provider == "offline" {
		return nil
	}
	key := cfg.APIKey(getenv)
	if key == "" {
		return nil
	}
	var problem string
	switch {
	case strings.TrimSpace(key) == "":
		problem = "holds only white space"
	case strings.TrimSpace(key) != key:
		problem = "starts or ends with white space (a space, tab or newline)"
	case strings.ContainsFunc(key, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		problem = "contains white space or a control character"
	default:
		return nil
	}
	return usageErr("the API key in %s %s; API keys never do, so it was copied with extra characters: set it again without them (the key is not shown)", cfg.LLM.APIKeyEnv, problem)
}

// redactor removes every form of the API key a message could carry: the
// key as given, trimmed, and each of those as encoding/json escapes it
// (inside a JSON error body or a manifest string). It is the last line of
// defence behind package llm's redaction and checkKey, applied to what the
// CLI writes to stdout, stderr and the manifest.
type redactor struct {
	forms []string // longest first, so no form is left half replaced
}

// minRedacted is the shortest form redacted: replacing a one- or
// two-character "key" everywhere would garble every message, and no real
// key is that short.
const minRedacted = 4

func newRedactor(key string) *redactor {
	var forms []string
	for _, k := range []string{key, strings.TrimSpace(key)} {
		quoted, _ := json.Marshal(k)
		escaped := strings.Trim(string(quoted), `"`)
		for _, f := range []string{k, escaped} {
			if len(f) >= minRedacted && !slices.Contains(forms, f) {
				forms = append(forms, f)
			}
		}
	}
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	return &redactor{forms: forms}
}

const redactedMark = "[REDACTED]"

// String returns s with every form of the key replaced.
func (r *redactor) String(s string) string {
	for _, f := range r.forms {
		s = strings.ReplaceAll(s, f, redactedMark)
	}
	return s
}

// Writer returns w with every write redacted. Each Write is redacted on
// its own: the CLI's writers (slog, fmt) write whole lines at a time.
func (r *redactor) Writer(w io.Writer) io.Writer {
	if len(r.forms) == 0 {
		return w
	}
	return redactWriter{r: r, w: w}
}

type redactWriter struct {
	r *redactor
	w io.Writer
}

// Unwrap returns the writer underneath, for terminal detection.
func (rw redactWriter) Unwrap() io.Writer { return rw.w }

func (rw redactWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(rw.w, rw.r.String(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// env returns a copy of env whose stdout and stderr are redacted.
func (r *redactor) env(env *cliEnv) *cliEnv {
	e := *env
	e.stdout, e.stderr = r.Writer(env.stdout), r.Writer(env.stderr)
	return &e
}

// Err returns err with its message redacted, keeping its exit code.
func (r *redactor) Err(err error) error {
	if err == nil || len(r.forms) == 0 {
		return err
	}
	code := 1
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	msg := r.String(err.Error())
	if msg == err.Error() {
		return err
	}
	return &exitError{code: code, err: errors.New(msg)}
}
