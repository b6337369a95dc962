package config

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"

	"github.com/summarize/summarize/internal/sources"
	"github.com/summarize/summarize/internal/story"
)

// A problem is one invalid value; msg starts with its key.
type problem struct {
	key string
	msg string
}

// Validate reports every invalid value, each on its own line naming its key.
// Load has already called it on the configurations it returns.
func (c *Config) Validate() error {
	var errs []error
	for _, p := range c.validate() {
		errs = append(errs, errors.New(p.msg))
	}
	return errors.Join(errs...)
}

// Run IDs name a folder under out, next to the "latest" link.
var runIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

// Environment variable names as POSIX shells accept them.
var envNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (c *Config) validate() []problem {
	var ps []problem
	bad := func(key, format string, args ...any) {
		ps = append(ps, problem{key, key + ": " + fmt.Sprintf(format, args...)})
	}
	oneOf := func(key, value string, allowed ...string) {
		for _, a := range allowed {
			if value == a {
				return
			}
		}
		bad(key, "must be %s, got %s", orList(allowed), quote(value))
	}
	atLeast := func(key string, value, low int64) {
		if value < low {
			bad(key, "must be at least %d, got %d", low, value)
		}
	}
	between := func(key string, value, low, high float64) {
		// Written so that NaN fails too.
		if !(value >= low && value <= high) {
			bad(key, "must be between %g and %g, got %g", low, high, value)
		}
	}
	positive := func(key string, value fmt.Stringer, ok bool) {
		if !ok {
			bad(key, "must be positive, got %s", value)
		}
	}

	oneOf("provider", c.Provider, "offline", "openai")
	if c.Out == "" {
		bad("out", "must name a folder")
	}
	if c.RunID != "" && (!runIDPattern.MatchString(c.RunID) || c.RunID == "latest") {
		bad("run_id", "must be letters, digits, '.', '_' and '-', not starting with a punctuation mark, and not \"latest\"; got %s", quote(c.RunID))
	}
	atLeast("concurrency", int64(c.Concurrency), 1)
	atLeast("keep", int64(c.Keep), 0)
	atLeast("input.max_file_bytes", c.Input.MaxFileBytes, 1)

	l := c.LLM
	if u, err := url.Parse(l.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		// The URL itself may hold credentials: do not echo it.
		bad("llm.base_url", "must be an http or https URL with a host")
	}
	if l.Model == "" {
		bad("llm.model", "must name a model")
	}
	if l.APIKeyEnv != "" && !envNamePattern.MatchString(l.APIKeyEnv) {
		// Likely a key pasted in place of a variable name: do not echo it.
		bad("llm.api_key_env", "must be the name of an environment variable (letters, digits and '_'), never the key itself")
	}
	oneOf("llm.api_type", l.APIType, "openai", "azure")
	if l.APIType == "azure" && l.APIVersion == "" {
		bad("llm.api_version", "must be set when llm.api_type is azure")
	}
	positive("llm.timeout", l.Timeout, l.Timeout > 0)
	positive("llm.first_byte_timeout", l.FirstByteTimeout, l.FirstByteTimeout > 0)
	positive("llm.chunk_timeout", l.ChunkTimeout, l.ChunkTimeout > 0)
	atLeast("llm.max_attempts", int64(l.MaxAttempts), 1)
	positive("llm.backoff_initial", l.BackoffInitial, l.BackoffInitial > 0)
	if l.BackoffMax < l.BackoffInitial {
		bad("llm.backoff_max", "must be at least llm.backoff_initial (%s), got %s", l.BackoffInitial, l.BackoffMax)
	}
	if l.MaxRetryAfter < 0 {
		bad("llm.max_retry_after", "must not be negative, got %s", l.MaxRetryAfter)
	}
	atLeast("llm.requests_per_minute", int64(l.RequestsPerMinute), 0)
	atLeast("llm.tokens_per_minute", int64(l.TokensPerMinute), 0)
	oneOf("llm.response_format", l.ResponseFormat, "json_schema", "json_object")
	if l.Temperature != nil {
		between("llm.temperature", *l.Temperature, 0, 2)
	}
	if l.TopP != nil {
		between("llm.top_p", *l.TopP, 0, 1)
	}
	atLeast("llm.max_output_tokens", int64(l.MaxOutputTokens), 1)
	atLeast("llm.batch_retries", int64(l.BatchRetries), 0)
	oneOf("llm.batch_fallback", l.BatchFallback, "fail", "direct")
	positive("llm.batch_poll_initial", l.BatchPollInitial, l.BatchPollInitial > 0)
	if l.BatchPollMax < l.BatchPollInitial {
		bad("llm.batch_poll_max", "must be at least llm.batch_poll_initial (%s), got %s", l.BatchPollInitial, l.BatchPollMax)
	}
	// The provider's limits: 50,000 requests and 200 MB per input file.
	if l.BatchMaxLines < 1 || l.BatchMaxLines > 50000 {
		bad("llm.batch_max_lines", "must be between 1 and 50000 (the provider's limit), got %d", l.BatchMaxLines)
	}
	if l.BatchMaxFileBytes < 1 || l.BatchMaxFileBytes > 200<<20 {
		bad("llm.batch_max_file_bytes", "must be between 1 and %d (200 MB, the provider's limit), got %d", 200<<20, l.BatchMaxFileBytes)
	}

	for _, name := range []string{StageSourceSummary, StageBrief, StageDisputes} {
		s, key := c.Stages.Get(name), "stages."+name+"."
		if s.Temperature != nil {
			between(key+"temperature", *s.Temperature, 0, 2)
		}
		if s.TopP != nil {
			between(key+"top_p", *s.TopP, 0, 1)
		}
		atLeast(key+"max_output_tokens", int64(s.MaxOutputTokens), 0)
		// Below a few hundred tokens no prompt fits beside any input.
		atLeast(key+"max_input_tokens", int64(s.MaxInputTokens), 256)
		atLeast(key+"validation_retries", int64(s.ValidationRetries), 0)
	}

	atLeast("offline.summary_sentences", int64(c.Offline.SummarySentences), 1)
	atLeast("offline.brief_min_words", int64(c.Offline.BriefMinWords), 1)
	if c.Offline.BriefMaxWords < c.Offline.BriefMinWords {
		bad("offline.brief_max_words", "must be at least offline.brief_min_words (%d), got %d", c.Offline.BriefMinWords, c.Offline.BriefMaxWords)
	}
	between("offline.align_threshold", c.Offline.AlignThreshold, 0, 1)
	between("offline.same_threshold", c.Offline.SameThreshold, 0, 1)
	between("offline.redundancy", c.Offline.Redundancy, 0, 1)
	between("offline.unique_threshold", c.Offline.UniqueThreshold, 0, 1)
	atLeast("offline.max_points", int64(c.Offline.MaxPoints), 1)
	atLeast("offline.max_omissions", int64(c.Offline.MaxOmissions), 1)

	seen := make(map[string]int)
	for i, p := range c.Prices {
		key := fmt.Sprintf("prices[%d].", i)
		if p.Model == "" {
			bad(key+"model", "must name a model")
		} else if j, dup := seen[p.Model]; dup {
			bad(key+"model", "%s is already priced by prices[%d]", quote(p.Model), j)
		} else {
			seen[p.Model] = i
		}
		if !(p.InputPerMillion >= 0) || math.IsInf(p.InputPerMillion, 0) {
			bad(key+"input_per_million", "must be a price of at least 0, got %g", p.InputPerMillion)
		}
		if !(p.OutputPerMillion >= 0) || math.IsInf(p.OutputPerMillion, 0) {
			bad(key+"output_per_million", "must be a price of at least 0, got %g", p.OutputPerMillion)
		}
	}

	for i, g := range c.Checks.Gates {
		oneOf(fmt.Sprintf("checks.gates[%d]", i), g, story.CheckNames...)
	}

	between("batch_discount", c.BatchDiscount, 0, 1)

	if err := sources.Check("sources", c.Sources); err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			ps = append(ps, problem{"sources", line})
		}
	}

	oneOf("log.format", c.Log.Format, "auto", "text", "json")
	oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error")
	return ps
}

// orList writes "a, b or c".
func orList(words []string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// baseKey returns the key a layer sets for a validated key: "prices" for
// "prices[2].model".
func baseKey(key string) string {
	if i := strings.IndexByte(key, '['); i >= 0 {
		return key[:i]
	}
	return key
}
