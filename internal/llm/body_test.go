package llm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/summarize/summarize/internal/fakeai"
	"github.com/summarize/summarize/internal/llm"
)

// RequestBody must be the body Complete sends, so that a batch line asks
// exactly what a direct request asks.
func TestRequestBodyIsTheWireBody(t *testing.T) {
	zero, half, seed := 0.0, 0.5, 7
	schema := &llm.Schema{Name: "points", Schema: json.RawMessage(`{"type":"object"}`)}
	tests := []struct {
		name string
		edit func(*llm.Request)
	}{
		{"plain", func(*llm.Request) {}},
		{"zero temperature", func(r *llm.Request) { r.Temperature = &zero }},
		{"sampling and seed", func(r *llm.Request) { r.Temperature, r.TopP, r.Seed, r.MaxTokens = &half, &zero, &seed, 300 }},
		{"reasoning model", func(r *llm.Request) { r.Model, r.MaxTokens = "o3-mini", 500 }},
		{"schema", func(r *llm.Request) { r.Schema = schema }},
		{"json mode", func(r *llm.Request) { r.JSONMode = true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeai.New(fakeai.Options{})
			defer srv.Close()
			req := request()
			tt.edit(&req)
			// A batch line is a plain request: compare with one sent unstreamed.
			if _, err := newClient(t, srv, func(cfg *llm.Config) { cfg.NoStream = true }).Complete(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			got, err := llm.RequestBody(req)
			if err != nil {
				t.Fatal(err)
			}
			if wire := srv.Bodies()[0]; !jsonEqual(t, got, wire) {
				t.Errorf("RequestBody =\n%s\nwire body =\n%s", got, wire)
			}
		})
	}
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(va)
	jb, _ := json.Marshal(vb)
	return bytes.Equal(ja, jb)
}

func TestParseReply(t *testing.T) {
	tests := []struct {
		name, body string
		want       string // content, or "" for ErrBadReply
	}{
		{"ok", `{"model":"m","choices":[{"message":{"role":"assistant","content":"Fine."},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}`, "Fine."},
		{"truncated", `{"choices":[{"message":{"content":"Fi"},"finish_reason":"length"}]}`, ""},
		{"refused", `{"choices":[{"message":{"content":null,"refusal":"No."},"finish_reason":"stop"}]}`, ""},
		{"filtered", `{"choices":[{"message":{"content":null},"finish_reason":"content_filter"}]}`, ""},
		{"empty", `{"choices":[{"message":{"content":"  "},"finish_reason":"stop"}]}`, ""},
		{"no choices", `{"choices":[]}`, ""},
		{"not json", `<html>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := llm.ParseReply([]byte(tt.body))
			if tt.want == "" {
				if !errors.Is(err, llm.ErrBadReply) {
					t.Errorf("err = %v, want ErrBadReply", err)
				}
				return
			}
			if err != nil || r.Content != tt.want || r.PromptTokens != 3 || r.CompletionTokens != 1 || r.Model != "m" {
				t.Errorf("ParseReply = %+v, %v", r, err)
			}
		})
	}
}
