package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/ingest"
	"github.com/summarize/summarize/internal/story"
	"github.com/summarize/summarize/pipeline"
	"github.com/summarize/summarize/prompts"
)

// checkPrompts renders every prompt once on the run's first story (see
// pipeline.Preflight) before anything is sent, so that a typo in a
// template is a configuration error (exit 2) with the file and line named,
// not a failed brief after every summary was paid for.
func checkPrompts(ctx context.Context, cfg *config.Config, set *prompts.Set, inputs []ingest.Input) error {
	var first *story.Story
	if len(inputs) > 0 {
		first = ingest.Load(ctx, inputs[0], ingestOptions(cfg))
	}
	if err := pipeline.Preflight(set, first); err != nil {
		return usageErr("prompts fail before any request is sent:\n%v", err)
	}
	return nil
}

// ignoredByOffline names the settings given for a model that the offline
// engine does not use: the prompts folder, and a model or endpoint other
// than the built-in defaults, from any origin. Saying so keeps a user who
// forgot --provider openai from reading offline output as their prompts'.
func ignoredByOffline(cmd *cobra.Command, cfg *config.Config) []string {
	if cfg.Provider != "offline" {
		return nil
	}
	var defaults struct {
		LLM struct {
			Model   string `yaml:"model"`
			BaseURL string `yaml:"base_url"`
		} `yaml:"llm"`
	}
	// The embedded defaults parse: config.Load has read them already.
	_ = yaml.Unmarshal(config.DefaultsYAML(), &defaults)
	given := func(flag string, differs bool) bool {
		return cmd.Flags().Changed(flag) || differs
	}
	var out []string
	if given("prompts", cfg.PromptsDir != "") {
		out = append(out, fmt.Sprintf("the offline engine ignores prompts: --prompts (prompts_dir) %q has no effect without --provider openai", cfg.PromptsDir))
	}
	if given("model", cfg.LLM.Model != defaults.LLM.Model) {
		out = append(out, fmt.Sprintf("the offline engine ignores the model: --model (llm.model) %q has no effect without --provider openai", cfg.LLM.Model))
	}
	if given("base-url", cfg.LLM.BaseURL != defaults.LLM.BaseURL) {
		out = append(out, fmt.Sprintf("the offline engine ignores the endpoint: --base-url (llm.base_url) %q has no effect without --provider openai", redactURL(cfg.LLM.BaseURL)))
	}
	for _, stage := range prompts.Stages {
		if m := cfg.Stages.Get(stage).Model; m != "" {
			out = append(out, fmt.Sprintf("the offline engine ignores the model: stages.%s.model %q has no effect without --provider openai", stage, m))
		}
	}
	return out
}
