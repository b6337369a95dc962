package main

import (
	"path"

	"github.com/summarize/summarize/config"
	"github.com/summarize/summarize/internal/manifest"
	"github.com/summarize/summarize/prompts"
)

// promptFiles are the copies of the prompt files a model run keeps in its
// folder (manifest.PromptsDir), so that `summarize diff` can show what
// changed in them and not only that their digests differ. The offline
// engine uses no prompt, so its runs keep none.
func promptFiles(set *prompts.Set) map[string][]byte {
	files := map[string][]byte{}
	for _, name := range set.Names() {
		p, _ := set.Get(name)
		files[path.Join(manifest.PromptsDir, name+".md")] = []byte(p.Text)
	}
	return files
}

// effectiveStages is each stage's settings in force after configuration
// and front matter are resolved (see stageSettings), under the keys of
// the configuration's stages section, for the manifest's config: the
// configuration alone says max_output_tokens 0 for "unset", which hides
// the value that was sent. nil stands for a setting not sent.
func effectiveStages(cfg *config.Config, set *prompts.Set) map[string]any {
	out := map[string]any{}
	for _, name := range set.Names() {
		p, _ := set.Get(name)
		s := stageSettings(cfg, name, p.Meta)
		m := map[string]any{
			"model":              s.Model,
			"temperature":        deref(s.Temperature),
			"top_p":              deref(s.TopP),
			"seed":               deref(s.Seed),
			"max_output_tokens":  s.MaxOutputTokens,
			"max_input_tokens":   s.MaxInputTokens,
			"validation_retries": s.ValidationRetries,
			"output":             p.Meta.Output,
		}
		out[name] = m
	}
	return out
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
