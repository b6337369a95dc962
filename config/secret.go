package config

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// secretWords are the words that, followed by "=" or ":", mark the rest of
// a line as a credential in .env files, shell profiles and YAML alike.
var secretAssignment = regexp.MustCompile(`(?i)(api[_-]?key|token|secret|passw|credential|auth|bearer)\w*\s*[=:]`)

// secretPrefixes start well-known credential formats (OpenAI, GitHub,
// Slack, AWS, Google, GitLab, Hugging Face).
var secretPrefixes = []string{"sk-", "sk_", "ghp_", "gho_", "github_pat_", "xox", "AKIA", "AIza", "glpat-", "hf_"}

// looksSecret reports whether s, a value or key quoted from a
// configuration source, may be a credential: an assignment to a word such
// as KEY or TOKEN, a token starting like a known credential, or a long run
// of letters and digits mixing upper case, lower case and digits, as random
// keys do (model names and paths, lower case or punctuated, do not). It
// errs towards hiding: a hidden value costs the reader a look at the
// file, a shown secret cannot be taken back.
func looksSecret(s string) bool {
	if secretAssignment.MatchString(s) {
		return true
	}
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '-' || r == '_')
	}) {
		for _, p := range secretPrefixes {
			if strings.HasPrefix(tok, p) && len(tok) >= len(p)+8 {
				return true
			}
		}
		if len(tok) >= 20 && strings.ContainsFunc(tok, unicode.IsUpper) &&
			strings.ContainsFunc(tok, unicode.IsLower) && strings.ContainsFunc(tok, unicode.IsDigit) {
			return true
		}
	}
	return false
}

// hiddenValue is what messages say instead of a value that looks secret.
const hiddenValue = "a value that looks like a secret (not shown)"

// quote returns s quoted for a message, or hiddenValue when it looks like
// a secret: configuration errors are printed and logged, and a .env file
// passed as --config by mistake must not have its key echoed.
func quote(s string) string {
	if looksSecret(s) {
		return hiddenValue
	}
	return strconv.Quote(s)
}

// hideSecrets replaces every word of msg that looks like a secret, for
// messages built by a library from the file's text (YAML syntax errors).
func hideSecrets(msg string) string {
	if !looksSecret(msg) {
		return msg
	}
	fields := strings.Fields(msg)
	for i, f := range fields {
		if looksSecret(f) {
			fields[i] = "[not shown]"
		}
	}
	out := strings.Join(fields, " ")
	if looksSecret(out) {
		return "the file does not parse as YAML; the message would quote a line that looks like a secret, so it is not shown"
	}
	return out
}
