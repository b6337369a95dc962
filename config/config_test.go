package config

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"github.com/summarize/summarize/internal/offline"
	"go.yaml.in/yaml/v3"
)

// envOf returns a getenv reading only vars, so no test depends on the
// process environment.
func envOf(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// testFlags defines the run command's flags plus two for nested keys, and
// parses args.
func testFlags(t *testing.T, args ...string) (*pflag.FlagSet, map[string]string) {
	t.Helper()
	fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
	fs.String("config", "", "")
	fs.String("provider", "", "")
	fs.String("base-url", "", "")
	fs.String("model", "", "")
	fs.String("prompts", "", "")
	fs.String("out", "", "")
	fs.String("run-id", "", "")
	fs.String("cache-dir", "", "")
	fs.Bool("no-cache", false, "")
	fs.Int("concurrency", 99, "")
	fs.Bool("fail-fast", false, "")
	fs.Float64("temperature", 1.5, "")
	fs.String("brief-model", "flag-default", "")
	fs.Duration("timeout", time.Minute, "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	keys := RunFlagKeys()
	keys["temperature"] = "llm.temperature"
	keys["brief-model"] = "stages.brief.model"
	keys["timeout"] = "llm.timeout"
	return fs, keys
}

// load runs Load from an empty directory, so that no ./summarize.yaml is
// picked up unless the test names a file.
func load(t *testing.T, file string, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	t.Chdir(t.TempDir())
	fs, keys := testFlags(t, args...)
	return Load(file, fs, keys, envOf(env))
}

func mustLoad(t *testing.T, file string, env map[string]string, args ...string) *Config {
	t.Helper()
	c, err := load(t, file, env, args...)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// temp reads a temperature, with NaN standing for unset so that a nil
// pointer never equals a wanted value.
func temp(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func wantErr(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
}

func TestDefaults(t *testing.T) {
	c := mustLoad(t, "", nil)
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	if c.Provider != "offline" || c.Concurrency != 8 || !c.Cache.Enabled || c.Out != "outputs" {
		t.Errorf("top-level defaults wrong: %+v", c)
	}
	if c.LLM.Timeout != 120*time.Second || c.LLM.BackoffMax != 30*time.Second || temp(c.LLM.Temperature) != 0.2 {
		t.Errorf("llm defaults wrong: %+v", c.LLM)
	}
	if c.LLM.TopP != nil || c.LLM.Seed != nil || c.Stages.Brief.Temperature != nil {
		t.Errorf("null defaults are not nil: top_p %v seed %v brief temperature %v", c.LLM.TopP, c.LLM.Seed, c.Stages.Brief.Temperature)
	}
	if c.Stages.Disputes.MaxInputTokens != 24000 || c.Stages.Disputes.ValidationRetries != 2 || c.Stages.SourceSummary.MaxInputTokens != 6000 {
		t.Errorf("stage defaults wrong: %+v", c.Stages)
	}
	if p, ok := c.Price("gpt-4o-mini"); !ok || p.InputPerMillion != 0.15 {
		t.Errorf("default price of gpt-4o-mini = %+v, %v", p, ok)
	}
}

// leafKeys flattens a decoded YAML mapping into dotted keys; lists are leaves.
func leafKeys(m map[string]any, prefix string, out map[string]bool) {
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			leafKeys(sub, prefix+k+".", out)
			continue
		}
		out[prefix+k] = true
	}
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestDocumentedKeysMatchStruct keeps summarize.yaml and Config in step:
// every documented key is a field and every field is documented.
func TestDocumentedKeysMatchStruct(t *testing.T) {
	var doc map[string]any
	if err := yaml.Unmarshal(DefaultsYAML(), &doc); err != nil {
		t.Fatal(err)
	}
	documented := make(map[string]bool)
	leafKeys(doc, "", documented)

	c := mustLoad(t, "", nil)
	effective := make(map[string]bool)
	leafKeys(c.Map(), "", effective)

	if got, want := sortedKeys(effective), sortedKeys(documented); !reflect.DeepEqual(got, want) {
		t.Errorf("keys of Map() differ from keys of summarize.yaml:\nMap:  %v\nYAML: %v", got, want)
	}
	// Price entries are structs too: their keys must match the documented ones.
	for i, p := range doc["prices"].([]any) {
		entry := make(map[string]bool)
		leafKeys(p.(map[string]any), "", entry)
		if got, want := sortedKeys(entry), []string{"input_per_million", "model", "output_per_million"}; !reflect.DeepEqual(got, want) {
			t.Errorf("prices[%d] keys = %v, want %v", i, got, want)
		}
	}
}

func TestEnvNamesDistinct(t *testing.T) {
	seen := make(map[string]string)
	for _, key := range newSchema().keys {
		name := EnvName(key)
		if other, dup := seen[name]; dup {
			t.Errorf("%s and %s share %s", key, other, name)
		}
		seen[name] = key
	}
	if got := EnvName("stages.brief.model"); got != "SUMMARIZE_STAGES_BRIEF_MODEL" {
		t.Errorf("EnvName(stages.brief.model) = %s", got)
	}
}

// TestPrecedence checks defaults < file < environment < flags, for nested keys.
func TestPrecedence(t *testing.T) {
	file := writeConfig(t, "llm:\n  temperature: 0.5\nstages:\n  brief:\n    model: m-file\n")
	env := map[string]string{
		"SUMMARIZE_LLM_TEMPERATURE":    "0.7",
		"SUMMARIZE_STAGES_BRIEF_MODEL": "m-env",
	}
	tests := []struct {
		name      string
		file      string
		env       map[string]string
		args      []string
		wantTemp  float64
		wantModel string
	}{
		{"default", "", nil, nil, 0.2, ""},
		{"file over default", file, nil, nil, 0.5, "m-file"},
		{"env over file", file, env, nil, 0.7, "m-env"},
		{"unset flags do not count", file, env, []string{"--model", "x"}, 0.7, "m-env"},
		{"flag over env", file, env, []string{"--temperature", "0.9", "--brief-model", "m-flag"}, 0.9, "m-flag"},
		{"flag over file", file, nil, []string{"--temperature", "1.1"}, 1.1, "m-file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustLoad(t, tt.file, tt.env, tt.args...)
			if temp(c.LLM.Temperature) != tt.wantTemp {
				t.Errorf("llm.temperature = %v, want %v", temp(c.LLM.Temperature), tt.wantTemp)
			}
			if c.Stages.Brief.Model != tt.wantModel {
				t.Errorf("stages.brief.model = %q, want %q", c.Stages.Brief.Model, tt.wantModel)
			}
		})
	}
}

func TestZeroIsNotUnset(t *testing.T) {
	file := writeConfig(t, "llm:\n  temperature: 0\n  seed: 0\nstages:\n  brief:\n    temperature: 0\n    top_p: 0\n")
	c := mustLoad(t, file, map[string]string{"SUMMARIZE_STAGES_DISPUTES_TEMPERATURE": "0"})
	if c.LLM.Temperature == nil || *c.LLM.Temperature != 0 {
		t.Errorf("llm.temperature = %v, want pointer to 0", c.LLM.Temperature)
	}
	if c.LLM.Seed == nil || *c.LLM.Seed != 0 {
		t.Errorf("llm.seed = %v, want pointer to 0", c.LLM.Seed)
	}
	if b := c.Stages.Brief; b.Temperature == nil || *b.Temperature != 0 || b.TopP == nil || *b.TopP != 0 {
		t.Errorf("stages.brief temperature %v top_p %v, want pointers to 0", b.Temperature, b.TopP)
	}
	if d := c.Stages.Disputes.Temperature; d == nil || *d != 0 {
		t.Errorf("stages.disputes.temperature from env = %v, want pointer to 0", d)
	}
	if s := c.Stages.SourceSummary.Temperature; s != nil {
		t.Errorf("unset stages.source_summary.temperature = %v, want nil", *s)
	}
	if c.Map()["stages"].(map[string]any)["brief"].(map[string]any)["temperature"] == nil {
		t.Error("Map() shows a set 0 temperature as null")
	}
}

func TestDurations(t *testing.T) {
	file := writeConfig(t, "llm:\n  timeout: 90s\n  backoff_initial: 500ms\n")
	c := mustLoad(t, file, map[string]string{"SUMMARIZE_LLM_BACKOFF_MAX": "2m"})
	if c.LLM.Timeout != 90*time.Second || c.LLM.BackoffInitial != 500*time.Millisecond || c.LLM.BackoffMax != 2*time.Minute {
		t.Errorf("durations: timeout %s, backoff_initial %s, backoff_max %s", c.LLM.Timeout, c.LLM.BackoffInitial, c.LLM.BackoffMax)
	}
	c = mustLoad(t, file, nil, "--timeout", "45s")
	if c.LLM.Timeout != 45*time.Second {
		t.Errorf("timeout from a duration flag = %s, want 45s", c.LLM.Timeout)
	}

	// A bare number would silently mean nanoseconds: refuse it.
	_, err := load(t, writeConfig(t, "llm:\n  timeout: 90\n"), nil)
	wantErr(t, err, "x.yaml:2", "llm.timeout", "duration")
	_, err = load(t, "", map[string]string{"SUMMARIZE_LLM_TIMEOUT": "soon"})
	wantErr(t, err, "SUMMARIZE_LLM_TIMEOUT", "llm.timeout", `"soon"`)
}

func TestUnknownKeys(t *testing.T) {
	tests := []struct {
		yaml string
		want []string
	}{
		{"llm:\n  temprature: 0.3\n", []string{"x.yaml:2", `unknown key "llm.temprature"`, "did you mean llm.temperature?"}},
		{"concurency: 3\n", []string{`unknown key "concurency"`, "did you mean concurrency?"}},
		{"model: gpt-4o\n", []string{`unknown key "model"`, "did you mean llm.model?"}},
		{"LLM:\n  model: x\n", []string{`unknown key "LLM"`, "did you mean llm?"}},
		{"stage:\n  brief: {}\n", []string{`unknown key "stage"`, "did you mean stages?"}},
		{"stages:\n  breif:\n    model: x\n", []string{`unknown key "stages.breif"`, "did you mean stages.brief?"}},
		{"prices:\n  - model: m\n    input_per_milion: 1\n", []string{`unknown key "prices[0].input_per_milion"`, "did you mean prices[0].input_per_million?"}},
	}
	for _, tt := range tests {
		_, err := load(t, writeConfig(t, tt.yaml), nil)
		wantErr(t, err, append([]string{"config file ", "x.yaml"}, tt.want...)...)
	}

	_, err := load(t, writeConfig(t, "zzqqxxww: 1\n"), nil)
	wantErr(t, err, `unknown key "zzqqxxww"`)
	if strings.Contains(err.Error(), "did you mean") {
		t.Errorf("suggested a key for a word like no key: %v", err)
	}

	// All problems of a file are reported at once.
	_, err = load(t, writeConfig(t, "concurency: 3\nllm:\n  modle: x\n"), nil)
	wantErr(t, err, "concurency", "llm.modle")
}

func TestWrongTypes(t *testing.T) {
	tests := []struct {
		yaml string
		want []string
	}{
		{"concurrency: lots\n", []string{"x.yaml:1", "concurrency", "integer", `"lots"`}},
		{"concurrency: 2.5\n", []string{"concurrency", "integer"}},
		{"fail_fast: 1\n", []string{"fail_fast", "true or false"}},
		{"llm: 5\n", []string{"llm", "mapping"}},
		{"llm:\n  temperature: warm\n", []string{"llm.temperature", "number"}},
		{"llm:\n  model: [a, b]\n", []string{"llm.model", "string"}},
		{"prices: {model: m}\n", []string{"prices", "list"}},
		{"prices:\n  - model: m\n    input_per_million: cheap\n", []string{"x.yaml:3", "prices[0].input_per_million", "number"}},
		{"- a\n- b\n", []string{"top level", "mapping"}},
		{"concurrency: 2\nconcurrency: 3\n", []string{"concurrency"}},
		{"llm: [\n", []string{"x.yaml"}},
	}
	for _, tt := range tests {
		_, err := load(t, writeConfig(t, tt.yaml), nil)
		wantErr(t, err, tt.want...)
	}
}

func TestLenientStrings(t *testing.T) {
	// Unquoted values that YAML would read as a date or a number stay text
	// in string keys.
	file := writeConfig(t, "run_id: 20250101\nllm:\n  api_type: azure\n  api_version: 2024-10-21\n  model: 4\n")
	c := mustLoad(t, file, nil)
	if c.RunID != "20250101" || c.LLM.APIVersion != "2024-10-21" || c.LLM.Model != "4" {
		t.Errorf("run_id %q api_version %q model %q", c.RunID, c.LLM.APIVersion, c.LLM.Model)
	}
}

func TestNullKeepsDefault(t *testing.T) {
	c := mustLoad(t, writeConfig(t, "concurrency:\nllm:\n  temperature: null\noffline:\n"), nil)
	if c.Concurrency != 8 || temp(c.LLM.Temperature) != 0.2 {
		t.Errorf("null values changed defaults: concurrency %d temperature %v", c.Concurrency, temp(c.LLM.Temperature))
	}
	c = mustLoad(t, writeConfig(t, "# only a comment\n"), nil)
	if c.Concurrency != 8 {
		t.Errorf("empty file: concurrency %d", c.Concurrency)
	}
}

func TestConfigFileChoice(t *testing.T) {
	_, err := load(t, filepath.Join(t.TempDir(), "missing.yaml"), nil)
	wantErr(t, err, "missing.yaml")

	// ./summarize.yaml is read when no file is named.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, DefaultFile), []byte("concurrency: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	c, err := Load("", nil, nil, envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Concurrency != 3 {
		t.Errorf("./summarize.yaml not read: concurrency %d", c.Concurrency)
	}
	// A named file replaces it.
	c, err = Load(writeConfig(t, "keep: 2\n"), nil, nil, envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Concurrency != 8 || c.Keep != 2 {
		t.Errorf("named file: concurrency %d keep %d, want 8 and 2", c.Concurrency, c.Keep)
	}
}

func TestEnvironment(t *testing.T) {
	c := mustLoad(t, "", map[string]string{
		"SUMMARIZE_PROVIDER":             "openai",
		"SUMMARIZE_FAIL_FAST":            "true",
		"SUMMARIZE_INPUT_MAX_FILE_BYTES": "1000",
		"SUMMARIZE_CACHE_ENABLED":        "false",
		"SUMMARIZE_LLM_TOP_P":            "0.9",
		"SUMMARIZE_PRICES":               `[{"model": "local", "input_per_million": 0, "output_per_million": 0}]`,
		"SUMMARIZE_NOT_A_KEY":            "ignored",
		"OPENAI_BASE_URL":                "http://localhost:11434/v1",
	})
	if c.Provider != "openai" || !c.FailFast || c.Input.MaxFileBytes != 1000 || c.Cache.Enabled {
		t.Errorf("scalars from env not applied: %+v", c)
	}
	if c.LLM.TopP == nil || *c.LLM.TopP != 0.9 {
		t.Errorf("llm.top_p = %v", c.LLM.TopP)
	}
	if len(c.Prices) != 1 || c.Prices[0].Model != "local" {
		t.Errorf("prices from env = %+v", c.Prices)
	}
	if c.LLM.BaseURL != "http://localhost:11434/v1" {
		t.Errorf("OPENAI_BASE_URL not applied: %s", c.LLM.BaseURL)
	}

	c = mustLoad(t, writeConfig(t, "llm:\n  base_url: http://file/v1\n"), map[string]string{
		"OPENAI_BASE_URL":        "http://openai-env/v1",
		"SUMMARIZE_LLM_BASE_URL": "http://summarize-env/v1",
	})
	if c.LLM.BaseURL != "http://summarize-env/v1" {
		t.Errorf("SUMMARIZE_LLM_BASE_URL does not win over OPENAI_BASE_URL: %s", c.LLM.BaseURL)
	}

	_, err := load(t, "", map[string]string{"SUMMARIZE_CONCURRENCY": "lots", "SUMMARIZE_FAIL_FAST": "maybe"})
	wantErr(t, err, "environment SUMMARIZE_CONCURRENCY", "concurrency", "environment SUMMARIZE_FAIL_FAST")
	_, err = load(t, "", map[string]string{"SUMMARIZE_LLM_TEMPERATURE": "3"})
	wantErr(t, err, "environment SUMMARIZE_LLM_TEMPERATURE", "llm.temperature", "between 0 and 2")
	_, err = load(t, "", map[string]string{"SUMMARIZE_PRICES": "[{model: m, price: 3}]"})
	wantErr(t, err, "SUMMARIZE_PRICES", `unknown key "prices[0].price"`)
}

// TestProcessEnvironment checks that Load with a nil getenv reads the real
// environment and ignores SUMMARIZE_ variables it does not know.
func TestProcessEnvironment(t *testing.T) {
	t.Setenv("SUMMARIZE_NOT_A_KEY", "x")
	t.Setenv("SUMMARIZE_LLM_MODEL", "from-process")
	t.Chdir(t.TempDir())
	c, err := Load("", nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.LLM.Model != "from-process" {
		t.Errorf("llm.model = %q", c.LLM.Model)
	}
}

func TestFlags(t *testing.T) {
	c := mustLoad(t, "", nil,
		"--provider", "openai", "--base-url", "http://h:8000/v1", "--model", "m", "--prompts", "p",
		"--out", "o", "--run-id", "r1", "--cache-dir", "/c", "--no-cache", "--concurrency", "3", "--fail-fast")
	want := map[string]any{
		"provider": c.Provider == "openai", "base_url": c.LLM.BaseURL == "http://h:8000/v1",
		"model": c.LLM.Model == "m", "prompts_dir": c.PromptsDir == "p", "out": c.Out == "o",
		"run_id": c.RunID == "r1", "cache.dir": c.Cache.Dir == "/c", "cache.enabled": !c.Cache.Enabled,
		"concurrency": c.Concurrency == 3, "fail_fast": c.FailFast,
	}
	for key, ok := range want {
		if !ok.(bool) {
			t.Errorf("flag for %s not applied", key)
		}
	}

	c = mustLoad(t, writeConfig(t, "cache:\n  enabled: false\n"), nil, "--no-cache=false")
	if !c.Cache.Enabled {
		t.Error("--no-cache=false does not enable the cache")
	}

	_, err := load(t, "", nil, "--concurrency", "0")
	wantErr(t, err, "flag --concurrency", "concurrency: must be at least 1")

	fs, _ := testFlags(t, "--model", "m")
	_, err = Load("", fs, map[string]string{"model": "llm.modle"}, envOf(nil))
	wantErr(t, err, "flag --model", "llm.modle")
	fs = pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.String("no-model", "", "")
	_, err = Load("", fs, map[string]string{"no-model": "llm.model"}, envOf(nil))
	wantErr(t, err, "flag --no-model", "boolean")
}

func TestValidate(t *testing.T) {
	def := mustLoad(t, "", nil)
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		key    string
		change func(c *Config)
	}{
		{"provider", func(c *Config) { c.Provider = "gpt" }},
		{"out", func(c *Config) { c.Out = "" }},
		{"run_id", func(c *Config) { c.RunID = "latest" }},
		{"run_id", func(c *Config) { c.RunID = "../up" }},
		{"concurrency", func(c *Config) { c.Concurrency = 0 }},
		{"keep", func(c *Config) { c.Keep = -1 }},
		{"input.max_file_bytes", func(c *Config) { c.Input.MaxFileBytes = -5 }},
		{"llm.base_url", func(c *Config) { c.LLM.BaseURL = "ftp://x" }},
		{"llm.base_url", func(c *Config) { c.LLM.BaseURL = "localhost:8080" }},
		{"llm.model", func(c *Config) { c.LLM.Model = "" }},
		{"llm.api_key_env", func(c *Config) { c.LLM.APIKeyEnv = "sk-abc123" }},
		{"llm.api_type", func(c *Config) { c.LLM.APIType = "anthropic" }},
		{"llm.api_version", func(c *Config) { c.LLM.APIType = "azure" }},
		{"llm.timeout", func(c *Config) { c.LLM.Timeout = 0 }},
		{"llm.max_attempts", func(c *Config) { c.LLM.MaxAttempts = 0 }},
		{"llm.backoff_initial", func(c *Config) { c.LLM.BackoffInitial = -time.Second }},
		{"llm.backoff_max", func(c *Config) { c.LLM.BackoffMax = time.Millisecond }},
		{"llm.max_retry_after", func(c *Config) { c.LLM.MaxRetryAfter = -time.Second }},
		{"llm.requests_per_minute", func(c *Config) { c.LLM.RequestsPerMinute = -1 }},
		{"llm.tokens_per_minute", func(c *Config) { c.LLM.TokensPerMinute = -1 }},
		{"llm.response_format", func(c *Config) { c.LLM.ResponseFormat = "xml" }},
		{"llm.temperature", func(c *Config) { c.LLM.Temperature = f(2.5) }},
		{"llm.temperature", func(c *Config) { c.LLM.Temperature = f(math.NaN()) }},
		{"llm.top_p", func(c *Config) { c.LLM.TopP = f(1.5) }},
		{"llm.max_output_tokens", func(c *Config) { c.LLM.MaxOutputTokens = 0 }},
		{"stages.brief.temperature", func(c *Config) { c.Stages.Brief.Temperature = f(-1) }},
		{"stages.disputes.top_p", func(c *Config) { c.Stages.Disputes.TopP = f(2) }},
		{"stages.source_summary.max_input_tokens", func(c *Config) { c.Stages.SourceSummary.MaxInputTokens = 100 }},
		{"stages.brief.max_output_tokens", func(c *Config) { c.Stages.Brief.MaxOutputTokens = -1 }},
		{"stages.disputes.validation_retries", func(c *Config) { c.Stages.Disputes.ValidationRetries = -1 }},
		{"offline.summary_sentences", func(c *Config) { c.Offline.SummarySentences = 0 }},
		{"offline.brief_max_words", func(c *Config) { c.Offline.BriefMinWords, c.Offline.BriefMaxWords = 300, 200 }},
		{"prices[1].model", func(c *Config) { c.Prices = []Price{{Model: "a"}, {Model: "a"}} }},
		{"prices[0].model", func(c *Config) { c.Prices = []Price{{InputPerMillion: 1}} }},
		{"prices[0].output_per_million", func(c *Config) { c.Prices = []Price{{Model: "a", OutputPerMillion: -1}} }},
		{"prices[0].input_per_million", func(c *Config) { c.Prices = []Price{{Model: "a", InputPerMillion: math.Inf(1)}} }},
		{"log.format", func(c *Config) { c.Log.Format = "xml" }},
		{"log.level", func(c *Config) { c.Log.Level = "loud" }},
	}
	for _, tt := range tests {
		c := *def
		c.Prices = append([]Price(nil), def.Prices...)
		tt.change(&c)
		err := c.Validate()
		wantErr(t, err, tt.key+":")
		if n := strings.Count(err.Error(), "\n") + 1; n != 1 {
			t.Errorf("%s: %d problems reported, want 1: %v", tt.key, n, err)
		}
	}

	// The key is never echoed, even when pasted in place of its name.
	c := *def
	c.LLM.APIKeyEnv = "sk-secret-value"
	if err := c.Validate(); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("api_key_env error echoes the value: %v", err)
	}

	// Validation problems name where the value came from.
	_, err := load(t, writeConfig(t, "concurrency: 0\nstages:\n  brief:\n    max_input_tokens: 10\n"), nil)
	wantErr(t, err, "x.yaml:1: concurrency:", "x.yaml:4: stages.brief.max_input_tokens:")
}

func TestMapRedacts(t *testing.T) {
	file := writeConfig(t, "llm:\n  base_url: https://user:hunter2@example.com/v1?api-key=topsecret\n")
	c := mustLoad(t, file, nil)
	got := c.Map()["llm"].(map[string]any)["base_url"].(string)
	if strings.Contains(got, "hunter2") || strings.Contains(got, "user") || strings.Contains(got, "topsecret") {
		t.Errorf("base_url not redacted: %s", got)
	}
	if !strings.HasPrefix(got, "https://REDACTED@example.com/v1") {
		t.Errorf("base_url = %s, want https://REDACTED@example.com/v1...", got)
	}
	y, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(y), "hunter2") || strings.Contains(string(y), "topsecret") {
		t.Errorf("YAML leaks a secret:\n%s", y)
	}
	if c.LLM.BaseURL != "https://user:hunter2@example.com/v1?api-key=topsecret" {
		t.Errorf("Map modified the config: %s", c.LLM.BaseURL)
	}
}

func TestDigest(t *testing.T) {
	a, b := mustLoad(t, "", nil), mustLoad(t, "", nil)
	if a.Digest() != b.Digest() {
		t.Error("same configuration, different digests")
	}
	if d := a.Digest(); len(d) != 64 || strings.Trim(d, "0123456789abcdef") != "" {
		t.Errorf("digest %q is not SHA-256 hex", d)
	}
	seen := map[string]string{a.Digest(): "defaults"}
	zero := 0.0
	for name, change := range map[string]func(c *Config){
		"temperature":      func(c *Config) { c.LLM.Temperature = &zero },
		"stage zero":       func(c *Config) { c.Stages.Brief.Temperature = &zero },
		"timeout":          func(c *Config) { c.LLM.Timeout++ },
		"price":            func(c *Config) { c.Prices = append([]Price(nil), c.Prices[1:]...) },
		"cache disabled":   func(c *Config) { c.Cache.Enabled = false },
		"model of a stage": func(c *Config) { c.Stages.Disputes.Model = "m" },
	} {
		c := *a
		change(&c)
		d := c.Digest()
		if other, dup := seen[d]; dup {
			t.Errorf("changing %s gives the digest of %s", name, other)
		}
		seen[d] = name
	}
}

// TestOutputsDigest checks which settings count as changing a story's
// outputs: those must change the digest, operational ones must not.
func TestOutputsDigest(t *testing.T) {
	base := mustLoad(t, "", nil)
	zero := 0.0
	for name, change := range map[string]func(c *Config){
		"provider":            func(c *Config) { c.Provider = "openai" },
		"model":               func(c *Config) { c.LLM.Model = "gpt-4o" },
		"base url":            func(c *Config) { c.LLM.BaseURL = "http://localhost:11434/v1" },
		"temperature":         func(c *Config) { c.LLM.Temperature = &zero },
		"stage budget":        func(c *Config) { c.Stages.Brief.MaxInputTokens++ },
		"validation retries":  func(c *Config) { c.Stages.Disputes.ValidationRetries++ },
		"offline threshold":   func(c *Config) { c.Offline.SameThreshold += 0.1 },
		"offline brief words": func(c *Config) { c.Offline.BriefMaxWords++ },
		"input limit":         func(c *Config) { c.Input.MaxFileBytes++ },
		"response format":     func(c *Config) { c.LLM.ResponseFormat = "json_object" },
	} {
		c := *base
		change(&c)
		if c.OutputsDigest() == base.OutputsDigest() {
			t.Errorf("changing %s leaves the outputs digest as it was", name)
		}
	}
	for name, change := range map[string]func(c *Config){
		"out":         func(c *Config) { c.Out = "elsewhere" },
		"run id":      func(c *Config) { c.RunID = "nightly-1" },
		"concurrency": func(c *Config) { c.Concurrency = 64 },
		"keep":        func(c *Config) { c.Keep = 3 },
		"fail fast":   func(c *Config) { c.FailFast = true },
		"log":         func(c *Config) { c.Log.Format = "json" },
		"cache dir":   func(c *Config) { c.Cache.Dir = "/var/cache/x" },
		"prices":      func(c *Config) { c.Prices = nil },
		"timeout":     func(c *Config) { c.LLM.Timeout++ },
		"rate limit":  func(c *Config) { c.LLM.RequestsPerMinute++ },
		"prompts dir": func(c *Config) { c.PromptsDir = "my-prompts" },
	} {
		c := *base
		change(&c)
		if c.OutputsDigest() != base.OutputsDigest() {
			t.Errorf("changing %s changes the outputs digest", name)
		}
		if c.Digest() == base.Digest() {
			t.Errorf("changing %s does not change the full digest", name)
		}
	}
}

// TestYAMLRoundTrip checks that `config show` prints a valid configuration
// file that loads back to the same configuration.
func TestYAMLRoundTrip(t *testing.T) {
	zero := 0.0
	seed := 7
	c := mustLoad(t, "", nil, "--model", "m", "--no-cache")
	c.Stages.Brief.Temperature = &zero
	c.LLM.Seed = &seed
	c.LLM.Timeout = 1500 * time.Millisecond
	y, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	back := mustLoad(t, writeConfig(t, string(y)), nil)
	if !reflect.DeepEqual(c, back) {
		t.Errorf("round trip through YAML changed the configuration:\n%+v\n%+v\n%s", c, back, y)
	}
	if !strings.HasPrefix(string(y), "provider: offline\nprompts_dir:") {
		t.Errorf("YAML is not in documented order:\n%s", y)
	}
}

func TestPrice(t *testing.T) {
	c := mustLoad(t, "", nil)
	for model, want := range map[string]string{
		"gpt-4o-mini":            "gpt-4o-mini",
		"gpt-4o-mini-2024-07-18": "gpt-4o-mini",
		"gpt-4o":                 "gpt-4o",
		"gpt-4.1-mini":           "gpt-4.1-mini",
	} {
		p, ok := c.Price(model)
		if !ok || p.Model != want {
			t.Errorf("Price(%q) = %+v, %v; want %s", model, p, ok, want)
		}
	}
	for _, model := range []string{"llama3", "gpt-4o-audio-preview", ""} {
		if p, ok := c.Price(model); ok {
			t.Errorf("Price(%q) = %+v, want none", model, p)
		}
	}
	p := Price{InputPerMillion: 2, OutputPerMillion: 8}
	if got := p.Cost(1_000_000, 500_000); got != 6 {
		t.Errorf("Cost = %v, want 6", got)
	}
}

func TestAPIKey(t *testing.T) {
	c := mustLoad(t, "", nil)
	env := envOf(map[string]string{"OPENAI_API_KEY": "k1", "OTHER_KEY": "k2"})
	if got := c.APIKey(env); got != "k1" {
		t.Errorf("APIKey = %q, want k1", got)
	}
	c.LLM.APIKeyEnv = "OTHER_KEY"
	if got := c.APIKey(env); got != "k2" {
		t.Errorf("APIKey = %q, want k2", got)
	}
	c.LLM.APIKeyEnv = ""
	if got := c.APIKey(env); got != "" {
		t.Errorf("APIKey with no variable named = %q", got)
	}
}

func TestCacheDir(t *testing.T) {
	home, xdg := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", xdg)
	c := &Config{}
	for dir, want := range map[string]string{
		"":         filepath.Join(xdg, "summarize"),
		"/var/c":   "/var/c",
		"rel/c":    "rel/c",
		"~/cache":  filepath.Join(home, "cache"),
		"~":        home,
		"~other/c": "~other/c",
	} {
		c.Cache.Dir = dir
		got, err := c.CacheDir()
		if err != nil || got != want {
			t.Errorf("CacheDir with dir %q = %q, %v; want %q", dir, got, err, want)
		}
	}
}

func TestStagesGet(t *testing.T) {
	s := StagesConfig{
		SourceSummary: StageConfig{Model: "a"},
		Brief:         StageConfig{Model: "b"},
		Disputes:      StageConfig{Model: "c"},
	}
	for stage, want := range map[string]string{StageSourceSummary: "a", StageBrief: "b", StageDisputes: "c", "other": ""} {
		if got := s.Get(stage).Model; got != want {
			t.Errorf("Get(%q).Model = %q, want %q", stage, got, want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"model", "model", 0},
		{"temprature", "temperature", 1}, {"breif", "brief", 1}, {"kitten", "sitting", 3},
	} {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	b.Chdir(b.TempDir())
	env := envOf(map[string]string{"SUMMARIZE_LLM_TEMPERATURE": "0.3"})
	for b.Loop() {
		if _, err := Load("", nil, nil, env); err != nil {
			b.Fatal(err)
		}
	}
}

func TestOperational(t *testing.T) {
	for key, want := range map[string]bool{
		"run_id": true, "log.format": true, "prompts_dir": true, "cache.dir": true, "llm.timeout": true,
		"llm.model": false, "llm.temperature": false, "stages.brief.max_output_tokens": false, "logging": false,
	} {
		if got := Operational(key); got != want {
			t.Errorf("Operational(%q) = %v, want %v", key, got, want)
		}
	}
}

// TestOfflineDefaultsAreTheEngines: summarize.yaml documents the offline
// engine's defaults; the engine's own DefaultOptions must be those values.
func TestOfflineDefaultsAreTheEngines(t *testing.T) {
	c := mustLoad(t, "", nil)
	if c.Offline != offline.DefaultOptions() {
		t.Errorf("summarize.yaml's offline section %+v differs from offline.DefaultOptions() %+v", c.Offline, offline.DefaultOptions())
	}
}
