// Package config builds, checks and prints the effective configuration of
// summarize.
//
// The documented file summarize.yaml in this folder is embedded and is the
// only source of built-in defaults: every key the program knows appears there
// with its default and an explanation, and a test keeps it and the Config
// struct in step. Load layers, from lowest to highest precedence: the
// built-in defaults, one configuration file, the environment
// (SUMMARIZE_<KEY>, plus OPENAI_BASE_URL) and the command-line flags the user
// actually set. The file is the one named by --config, or else
// ./summarize.yaml when the current directory holds one.
//
// Load rejects, with a message naming the key and where the value came from:
// unknown keys in a file (suggesting the closest known key), values of the
// wrong type in any layer, and values Validate refuses. Unknown SUMMARIZE_
// variables are ignored, because the environment is shared with other tools.
//
// Secrets never enter a Config: the API key is read, when needed, from the
// environment variable named by llm.api_key_env. Map, Digest and YAML show
// the configuration with credentials in llm.base_url redacted, so they are
// safe to write to manifests and terminals.
//
// Load reads only its arguments, the environment through the getenv it is
// given, and the file; it keeps no global state, so concurrent calls are
// safe (though the ./summarize.yaml it looks for depends on the process's
// current directory). A *Config is a plain value: safe to share
// between goroutines as long as nobody writes to it.
package config

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"github.com/summarize/summarize/internal/offline"

	"github.com/summarize/summarize/internal/sources"
)

//go:embed summarize.yaml
var defaultsYAML []byte

// DefaultsYAML returns the documented configuration file with every key and
// its built-in default, as embedded in the binary.
func DefaultsYAML() []byte {
	return append([]byte(nil), defaultsYAML...)
}

// DefaultFile is the configuration file Load reads from the current
// directory when no file is named explicitly.
const DefaultFile = "summarize.yaml"

// EnvPrefix starts the name of the environment variable of every key:
// llm.temperature is SUMMARIZE_LLM_TEMPERATURE.
const EnvPrefix = "SUMMARIZE_"

// Names of the pipeline stages, as used under stages and by StagesConfig.Get.
const (
	StageSourceSummary = "source_summary"
	StageBrief         = "brief"
	StageDisputes      = "disputes"
)

// Config is the effective configuration of one run. Its keys, types and
// defaults are documented in summarize.yaml.
type Config struct {
	Provider    string          `mapstructure:"provider"`
	PromptsDir  string          `mapstructure:"prompts_dir"`
	Out         string          `mapstructure:"out"`
	RunID       string          `mapstructure:"run_id"`
	Concurrency int             `mapstructure:"concurrency"`
	FailFast    bool            `mapstructure:"fail_fast"`
	Keep        int             `mapstructure:"keep"`
	Cache       CacheConfig     `mapstructure:"cache"`
	Input       InputConfig     `mapstructure:"input"`
	LLM         LLMConfig       `mapstructure:"llm"`
	Stages      StagesConfig    `mapstructure:"stages"`
	Offline     offline.Options `mapstructure:"offline"`
	Checks      ChecksConfig    `mapstructure:"checks"`
	Prices      []Price         `mapstructure:"prices"`
	// BatchDiscount is the share of the price a call answered by a batch
	// does not pay (0.5: half price).
	BatchDiscount float64 `mapstructure:"batch_discount"`
	// Sources is the outlet registry (package sources); a sources.yaml
	// beside the inputs adds entries of its own.
	Sources []sources.Outlet `mapstructure:"sources"`
	Log     LogConfig        `mapstructure:"log"`
}

// CacheConfig locates and switches the response cache.
type CacheConfig struct {
	// Dir is the cache folder; "" means the user's cache folder (see
	// Config.CacheDir).
	Dir     string `mapstructure:"dir"`
	Enabled bool   `mapstructure:"enabled"`
}

// InputConfig bounds what is read from input files.
type InputConfig struct {
	MaxFileBytes int64 `mapstructure:"max_file_bytes"`
	FollowLinks  bool  `mapstructure:"follow_links"`
}

// LLMConfig describes the OpenAI-compatible endpoint and the default
// request settings of every stage.
type LLMConfig struct {
	BaseURL string `mapstructure:"base_url"`
	Model   string `mapstructure:"model"`
	// APIKeyEnv names the environment variable holding the key; "" means
	// no key is sent.
	APIKeyEnv  string `mapstructure:"api_key_env"`
	APIType    string `mapstructure:"api_type"`
	APIVersion string `mapstructure:"api_version"`
	// Timeout bounds one attempt of one request.
	Timeout        time.Duration `mapstructure:"timeout"`
	MaxAttempts    int           `mapstructure:"max_attempts"`
	BackoffInitial time.Duration `mapstructure:"backoff_initial"`
	BackoffMax     time.Duration `mapstructure:"backoff_max"`
	MaxRetryAfter  time.Duration `mapstructure:"max_retry_after"`
	// Stream asks for streamed replies; FirstByteTimeout and ChunkTimeout
	// bound a streamed reply's first byte and the gap between chunks.
	Stream            bool          `mapstructure:"stream"`
	FirstByteTimeout  time.Duration `mapstructure:"first_byte_timeout"`
	ChunkTimeout      time.Duration `mapstructure:"chunk_timeout"`
	RequestsPerMinute int           `mapstructure:"requests_per_minute"` // 0: auto, learned from the provider
	TokensPerMinute   int           `mapstructure:"tokens_per_minute"`   // 0: auto, learned from the provider
	ResponseFormat    string        `mapstructure:"response_format"`
	// Temperature is a pointer like the stage overrides so that the three
	// levels (stage, prompt, llm) resolve the same way; Load never leaves
	// it nil, since the documented default is set.
	Temperature     *float64 `mapstructure:"temperature"`
	TopP            *float64 `mapstructure:"top_p"` // nil: not sent
	Seed            *int     `mapstructure:"seed"`  // nil: not sent
	MaxOutputTokens int      `mapstructure:"max_output_tokens"`

	// Batch sends the calls through the provider's Batch API (see
	// cmd/summarize/batch.go); the other Batch* keys tune it.
	Batch             bool          `mapstructure:"batch"`
	BatchRetries      int           `mapstructure:"batch_retries"`
	BatchFallback     string        `mapstructure:"batch_fallback"`
	BatchPollInitial  time.Duration `mapstructure:"batch_poll_initial"`
	BatchPollMax      time.Duration `mapstructure:"batch_poll_max"`
	BatchMaxLines     int           `mapstructure:"batch_max_lines"`
	BatchMaxFileBytes int           `mapstructure:"batch_max_file_bytes"`
}

// StageConfig overrides the llm settings for one stage. Unset fields (""
// model, nil pointers, 0 token counts) fall back to the prompt's front
// matter and then to LLMConfig; a non-nil pointer to 0 is a real 0.
type StageConfig struct {
	Model           string   `mapstructure:"model"`
	Temperature     *float64 `mapstructure:"temperature"`
	TopP            *float64 `mapstructure:"top_p"`
	Seed            *int     `mapstructure:"seed"`
	MaxOutputTokens int      `mapstructure:"max_output_tokens"`
	// MaxInputTokens is the stage's input budget; longer input is split or
	// reduced in a tree, never truncated.
	MaxInputTokens int `mapstructure:"max_input_tokens"`
	// ValidationRetries is how many times a reply that fails validation is
	// sent back with the validation error.
	ValidationRetries int `mapstructure:"validation_retries"`
}

// StagesConfig holds the settings of each stage.
type StagesConfig struct {
	SourceSummary StageConfig `mapstructure:"source_summary"`
	Brief         StageConfig `mapstructure:"brief"`
	Disputes      StageConfig `mapstructure:"disputes"`
}

// Get returns the settings of the named stage (StageSourceSummary,
// StageBrief or StageDisputes), or a zero StageConfig, which overrides
// nothing, for any other name.
func (s StagesConfig) Get(stage string) StageConfig {
	switch stage {
	case StageSourceSummary:
		return s.SourceSummary
	case StageBrief:
		return s.Brief
	case StageDisputes:
		return s.Disputes
	}
	return StageConfig{}
}

// ChecksConfig decides what the checks of every story's brief and
// disputes do.
type ChecksConfig struct {
	// Gates name the checks (story.CheckNames) whose non-zero count flags
	// a story; an empty list flags none.
	Gates []string `mapstructure:"gates"`
}

// Price is the cost of one model in USD per million tokens.
type Price struct {
	Model            string  `mapstructure:"model"`
	InputPerMillion  float64 `mapstructure:"input_per_million"`
	OutputPerMillion float64 `mapstructure:"output_per_million"`
}

// Cost returns the estimated cost in USD of a call with the given usage.
func (p Price) Cost(promptTokens, completionTokens int) float64 {
	return (float64(promptTokens)*p.InputPerMillion + float64(completionTokens)*p.OutputPerMillion) / 1e6
}

// LogConfig selects the log format and level.
type LogConfig struct {
	Format string `mapstructure:"format"`
	Level  string `mapstructure:"level"`
}

// RunFlagKeys returns the configuration key of each flag of the run
// command, in the form Load takes. --config is absent: it names the file
// rather than a value.
func RunFlagKeys() map[string]string {
	return map[string]string{
		"provider":    "provider",
		"base-url":    "llm.base_url",
		"model":       "llm.model",
		"prompts":     "prompts_dir",
		"out":         "out",
		"run-id":      "run_id",
		"cache-dir":   "cache.dir",
		"no-cache":    "cache.enabled",
		"concurrency": "concurrency",
		"fail-fast":   "fail_fast",
		"keep":        "keep",
		"log-format":  "log.format",
		"batch":       "llm.batch",
	}
}

// Load builds the effective configuration: built-in defaults < config file <
// environment < flags, and validates it.
//
// The file is configFile if non-empty (it must exist), else ./summarize.yaml
// if present, else none. The environment is read through getenv (os.Getenv
// when nil): SUMMARIZE_<KEY> for every key, with dots as underscores and in
// upper case, plus OPENAI_BASE_URL for llm.base_url when
// SUMMARIZE_LLM_BASE_URL is empty; an empty variable counts as unset. Only
// flags the user set (Changed) override; flagKeys maps a flag name to its
// key, see RunFlagKeys. Flags absent from flags or from flagKeys are
// ignored, so one map may serve several commands; flags may be nil. A flag
// named no-X must map to a boolean key and sets it to the opposite of its
// own value: --no-cache sets cache.enabled to false.
//
// Every error names the offending key and where its value came from; all
// problems found are reported at once, joined.
func Load(configFile string, flags *pflag.FlagSet, flagKeys map[string]string, getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	s := newSchema()

	defaults, err := loadDefaults(s)
	if err != nil {
		return nil, err
	}

	// origin records, for each key set above the defaults, where its
	// value came from, so validation errors can point there.
	origin := make(map[string]string)
	var problems []error

	file, err := s.readFile(configFile, origin)
	if err != nil {
		return nil, err
	}

	env, errs := s.fromEnv(getenv, origin)
	problems = append(problems, errs...)

	flagValues, errs := s.fromFlags(flags, flagKeys, origin)
	problems = append(problems, errs...)
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}

	v := viper.New()
	for key, value := range defaults {
		v.SetDefault(key, value)
	}
	if err := v.MergeConfigMap(nest(file)); err != nil {
		return nil, fmt.Errorf("merge config file: %w", err)
	}
	// Set writes viper's override layer, above everything else; writing
	// the environment first and the flags second makes flags win.
	for key, value := range env {
		v.Set(key, value)
	}
	for key, value := range flagValues {
		v.Set(key, value)
	}

	var c Config
	if err := v.Unmarshal(&c, func(dc *mapstructure.DecoderConfig) { dc.ErrorUnused = true }); err != nil {
		// Every value was type-checked on its own above, so this is a bug.
		return nil, fmt.Errorf("decode configuration: %w", err)
	}

	for _, p := range c.validate() {
		where := origin[baseKey(p.key)]
		if where == "" {
			where = "built-in default"
		}
		problems = append(problems, fmt.Errorf("%s: %s", where, p.msg))
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return &c, nil
}

// loadDefaults returns the value of every key set to non-null in the
// embedded summarize.yaml. A key missing from it is a bug in this package.
func loadDefaults(s *schema) (map[string]any, error) {
	const name = "built-in summarize.yaml"
	leaves, present, err := s.parseFile(name, defaultsYAML)
	if err != nil {
		return nil, err
	}
	for _, key := range s.keys {
		if _, ok := present[key]; !ok {
			return nil, fmt.Errorf("%s: key %q is missing", name, key)
		}
	}
	return leaves, nil
}

// readFile reads the configuration file Load uses, if any, and returns the
// values it sets by key.
func (s *schema) readFile(configFile string, origin map[string]string) (map[string]any, error) {
	path := configFile
	if path == "" {
		path = DefaultFile
	}
	data, err := readConfigFile(path)
	if configFile == "" && errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config file %s: %w", path, err)
	}
	name := "config file " + path
	leaves, present, err := s.parseFile(name, data)
	if err != nil {
		return nil, err
	}
	for key, line := range present {
		if _, ok := leaves[key]; ok {
			origin[key] = name + ":" + strconv.Itoa(line)
		}
	}
	return leaves, nil
}

// MaxFileBytes bounds a configuration file. The documented file with every
// key and its comments is under 10 KB; parsing YAML takes far more memory
// than the text (about 160 times for a long file), so a file this large is
// refused by its size, before it is parsed.
const MaxFileBytes = 1 << 20

// readConfigFile reads a configuration file that is a regular file of at
// most MaxFileBytes. Anything else (a named pipe, which would block the
// read, a device, a folder) is refused without being read.
func readConfigFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s)", info.Mode().Type())
	}
	if info.Size() > MaxFileBytes {
		return nil, fmt.Errorf("%d bytes, over the %d-byte limit for a configuration file", info.Size(), MaxFileBytes)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have grown since Stat: never read past the limit.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("over the %d-byte limit for a configuration file", MaxFileBytes)
	}
	return data, nil
}

// EnvName returns the environment variable that sets key, such as
// SUMMARIZE_LLM_TEMPERATURE for llm.temperature.
func EnvName(key string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// fromEnv returns the values the environment sets by key.
func (s *schema) fromEnv(getenv func(string) string, origin map[string]string) (map[string]any, []error) {
	values := make(map[string]any)
	var problems []error
	for _, key := range s.keys {
		name := EnvName(key)
		raw := getenv(name)
		if raw == "" && key == "llm.base_url" {
			name = "OPENAI_BASE_URL"
			raw = getenv(name)
		}
		if raw == "" {
			continue
		}
		where := "environment " + name
		value, err := parseString(raw, s.types[key], key)
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", where, err))
			continue
		}
		values[key] = value
		origin[key] = where
	}
	return values, problems
}

// fromFlags returns the values the set flags give by key.
func (s *schema) fromFlags(flags *pflag.FlagSet, flagKeys map[string]string, origin map[string]string) (map[string]any, []error) {
	values := make(map[string]any)
	var problems []error
	names := make([]string, 0, len(flagKeys))
	for name := range flagKeys {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		key := flagKeys[name]
		invert := strings.HasPrefix(name, "no-")
		t, ok := s.types[key]
		// A wrong map is the program's fault, but reporting it beats
		// silently ignoring the user's flag.
		if !ok {
			problems = append(problems, fmt.Errorf("flag --%s: maps to %q, which is not a configuration key", name, key))
			continue
		}
		if invert && t.Kind() != reflect.Bool {
			problems = append(problems, fmt.Errorf("flag --%s: a no- flag must map to a boolean key, not %q", name, key))
			continue
		}
		if flags == nil {
			continue
		}
		f := flags.Lookup(name)
		if f == nil || !f.Changed {
			continue
		}
		where := "flag --" + name
		value, err := parseString(f.Value.String(), t, key)
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", where, err))
			continue
		}
		if invert {
			value = !value.(bool)
		}
		values[key] = value
		origin[key] = where
	}
	return values, problems
}

// nest turns {"llm.model": x} into {"llm": {"model": x}}.
func nest(leaves map[string]any) map[string]any {
	root := make(map[string]any)
	for key, value := range leaves {
		m := root
		parts := strings.Split(key, ".")
		for _, part := range parts[:len(parts)-1] {
			sub, ok := m[part].(map[string]any)
			if !ok {
				sub = make(map[string]any)
				m[part] = sub
			}
			m = sub
		}
		m[parts[len(parts)-1]] = value
	}
	return root
}

// APIKey returns the API key: the value of the environment variable named by
// llm.api_key_env, read through getenv (os.Getenv when nil), or "" when
// none is named or it is unset.
func (c *Config) APIKey(getenv func(string) string) string {
	if c.LLM.APIKeyEnv == "" {
		return ""
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	return getenv(c.LLM.APIKeyEnv)
}

// CacheDir returns the folder of the response cache: cache.dir, with a
// leading "~/" expanded, or else "summarize" in the user's cache folder
// ($XDG_CACHE_HOME, else ~/.cache on Linux).
func (c *Config) CacheDir() (string, error) {
	dir := c.Cache.Dir
	if dir == "~" || strings.HasPrefix(dir, "~/") {
		// Shells expand ~ in flags but nobody expands it in files.
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cache dir %s: %w", dir, err)
		}
		return filepath.Join(home, dir[1:]), nil
	}
	if dir != "" {
		return dir, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cache dir: %w", err)
	}
	return filepath.Join(base, "summarize"), nil
}

// snapshotDate matches the date suffix of a model snapshot, as in
// gpt-4o-mini-2024-07-18, which the API reports instead of the name asked for.
var snapshotDate = regexp.MustCompile(`-\d{4}-\d{2}-\d{2}$`)

// Price returns the price of model: the entry naming it exactly, or else the
// entry of its base name when model is a dated snapshot.
func (c *Config) Price(model string) (Price, bool) {
	for _, name := range []string{model, snapshotDate.ReplaceAllString(model, "")} {
		for _, p := range c.Prices {
			if p.Model == name {
				return p, true
			}
		}
	}
	return Price{}, false
}
