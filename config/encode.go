package config

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Redacted replaces credentials in printed configurations.
const Redacted = "REDACTED"

// Map returns the configuration as nested maps with the keys of
// summarize.yaml, durations as strings such as "2m0s", unset values as nil,
// and credentials in llm.base_url redacted. It is what the manifest records.
func (c *Config) Map() map[string]any {
	var m map[string]any
	if err := c.node().Decode(&m); err != nil {
		// node builds only plain scalars, lists and mappings.
		panic(fmt.Sprintf("config: decode own YAML node: %v", err))
	}
	return m
}

// Digest returns the SHA-256, in hex, of the canonical JSON of Map (object
// keys sorted), so two runs with the same effective configuration share it.
func (c *Config) Digest() string {
	data, err := json.Marshal(c.Map())
	if err != nil {
		// Map holds only strings, numbers, booleans, nil, lists and maps.
		panic(fmt.Sprintf("config: encode map: %v", err))
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// operationalKeys are the settings that change how a run goes (where it
// writes, how fast, how it retries and logs, what it prices) but not what
// a story's outputs say. OutputsDigest leaves them out, so that an
// operator who sets a run ID per run or raises the concurrency still gets
// unchanged stories carried over. prompts_dir is here because the prompts'
// own digests stand for it. A key missing from this list only costs a
// recomputation, never a stale output.
var operationalKeys = [][]string{
	{"out"}, {"run_id"}, {"concurrency"}, {"fail_fast"}, {"keep"}, {"cache"}, {"log"}, {"prices"}, {"prompts_dir"},
	{"llm", "api_key_env"}, {"llm", "timeout"}, {"llm", "max_attempts"}, {"llm", "backoff_initial"},
	{"llm", "backoff_max"}, {"llm", "max_retry_after"}, {"llm", "requests_per_minute"}, {"llm", "tokens_per_minute"},
	// A batch answers the same requests as direct calls do.
	{"batch_discount"}, {"llm", "batch"}, {"llm", "batch_retries"}, {"llm", "batch_fallback"}, {"llm", "batch_poll_initial"},
	{"llm", "batch_poll_max"}, {"llm", "batch_max_lines"}, {"llm", "batch_max_file_bytes"},
	{"llm", "stream"}, {"llm", "first_byte_timeout"}, {"llm", "chunk_timeout"},
}

// Operational reports whether a dotted key such as "log.format" or
// "cache.dir" is one of the operational settings (or inside one), which
// change how a run goes but not what its stories' outputs say; `summarize
// diff` leaves them out of the settings it compares.
func Operational(key string) bool {
	parts := strings.Split(key, ".")
	for _, op := range operationalKeys {
		if len(parts) >= len(op) && slices.Equal(parts[:len(op)], op) {
			return true
		}
	}
	return false
}

// OutputsDigest is Digest over the settings that can change what a run
// writes for a story: Map without the operational keys above.
func (c *Config) OutputsDigest() string {
	m := c.Map()
	for _, key := range operationalKeys {
		parent := m
		for _, k := range key[:len(key)-1] {
			parent, _ = parent[k].(map[string]any)
		}
		delete(parent, key[len(key)-1])
	}
	data, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("config: encode map: %v", err))
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// YAML returns Map as a YAML document with the keys in the order of
// summarize.yaml, for `summarize config show`.
func (c *Config) YAML() ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(c.node()); err != nil {
		return nil, fmt.Errorf("encode configuration: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode configuration: %w", err)
	}
	return buf.Bytes(), nil
}

// node returns the redacted configuration as a YAML node; building a node
// rather than a map keeps the documented key order for people to read.
func (c *Config) node() *yaml.Node {
	r := *c
	r.LLM.BaseURL = redactURL(r.LLM.BaseURL)
	return encodeValue(reflect.ValueOf(r))
}

func encodeValue(v reflect.Value) *yaml.Node {
	switch {
	case v.Type() == durationType:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: time.Duration(v.Int()).String()}
	case v.Kind() == reflect.Pointer:
		if v.IsNil() {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
		}
		return encodeValue(v.Elem())
	case v.Kind() == reflect.Struct:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, f := range fieldsOf(v.Type()) {
			key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.name}
			n.Content = append(n.Content, key, encodeValue(v.Field(f.index)))
		}
		return n
	case v.Kind() == reflect.Slice:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for i := range v.Len() {
			n.Content = append(n.Content, encodeValue(v.Index(i)))
		}
		return n
	}
	var n yaml.Node
	if err := n.Encode(v.Interface()); err != nil {
		// Only strings, booleans and numbers reach here.
		panic(fmt.Sprintf("config: encode %v: %v", v, err))
	}
	return &n
}

// redactURL hides the user information and query values of a URL, where
// endpoints sometimes carry credentials: https://user:pass@host becomes
// https://REDACTED@host.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// Cannot tell what part is secret.
		return Redacted
	}
	if u.User != nil {
		u.User = url.User(Redacted)
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			q[k] = []string{Redacted}
		}
		u.RawQuery = q.Encode()
	}
	return u.String()
}
