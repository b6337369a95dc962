package fakeai

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// The wire format of a streamed chat completion chunk, as OpenAI documents
// it: "usage" is present (null until the last chunk) only when the request
// set stream_options.include_usage.
type (
	chunk struct {
		ID      string        `json:"id"`
		Object  string        `json:"object"`
		Created int64         `json:"created"`
		Model   string        `json:"model"`
		Choices []chunkChoice `json:"choices"`
		Usage   *usage        `json:"usage,omitempty"`
	}
	chunkChoice struct {
		Index        int     `json:"index"`
		Delta        delta   `json:"delta"`
		FinishReason *string `json:"finish_reason"`
	}
	delta struct {
		Role    string  `json:"role,omitempty"`
		Content *string `json:"content,omitempty"`
		Refusal *string `json:"refusal,omitempty"`
	}
	// chunkWithNullUsage marshals "usage": null, which omitempty on a
	// pointer cannot.
	chunkWithNullUsage struct {
		chunk
		Usage *usage `json:"usage"`
	}
)

// streamer writes one streamed reply.
type streamer struct {
	w        http.ResponseWriter
	base     chunk
	useUsage bool
}

func newStreamer(w http.ResponseWriter, req openai.ChatCompletionRequest) *streamer {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	return &streamer{
		w: w,
		base: chunk{
			ID:      fmt.Sprintf("chatcmpl-fake%x", time.Now().UnixNano()),
			Object:  "chat.completion.chunk",
			Created: time.Now().Unix(),
			Model:   req.Model,
		},
		useUsage: req.StreamOptions != nil && req.StreamOptions.IncludeUsage,
	}
}

// event writes one data line; a nil choice is the usage chunk.
func (st *streamer) event(ch *chunkChoice, u *usage) {
	c := st.base
	c.Choices = []chunkChoice{}
	if ch != nil {
		c.Choices = []chunkChoice{*ch}
	}
	var v any = c
	if st.useUsage && u == nil {
		v = chunkWithNullUsage{chunk: c}
	} else if st.useUsage {
		c.Usage = u
		v = c
	}
	var buf bytes.Buffer
	buf.WriteString("data: ")
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	buf.WriteString("\n") // Encode ended the line; the blank line ends the event
	st.write(buf.Bytes())
}

func (st *streamer) write(b []byte) {
	if _, err := st.w.Write(b); err != nil {
		panic(http.ErrAbortHandler)
	}
	if f, ok := st.w.(http.Flusher); ok {
		f.Flush()
	}
}

// writeStream streams a reply: the role, content (or refusal) in pieces,
// the finish reason, usage and [DONE]. A non-nil cut is called after the
// content instead of finishing the stream.
func writeStream(w http.ResponseWriter, req openai.ChatCompletionRequest, content, refusal, finish string, cut func()) {
	st := newStreamer(w, req)
	empty := ""
	st.event(&chunkChoice{Delta: delta{Role: "assistant", Content: &empty}}, nil)
	for _, piece := range pieces(content) {
		st.event(&chunkChoice{Delta: delta{Content: &piece}}, nil)
	}
	for _, piece := range pieces(refusal) {
		st.event(&chunkChoice{Delta: delta{Refusal: &piece}}, nil)
	}
	if cut != nil {
		cut()
		return
	}
	st.event(&chunkChoice{Delta: delta{}, FinishReason: &finish}, nil)
	if st.useUsage {
		u := completion(req, content, refusal, finish).Usage
		st.event(nil, &u)
	}
	st.write([]byte("data: [DONE]\n\n"))
}

// pieces cuts text into pieces of a few words, each ending before a space
// (as a model's tokens start with theirs). A model sends a token per
// chunk; a few words per chunk keep the same format at a fraction of the
// CPU the tests share.
func pieces(text string) []string {
	const size = 48
	var out []string
	for len(text) > size {
		i := strings.IndexByte(text[size:], ' ')
		if i < 0 {
			break
		}
		out = append(out, text[:size+i])
		text = text[size+i:]
	}
	if text != "" {
		out = append(out, text)
	}
	return out
}

// writeEndless sends a 200 that never ends, until the client leaves or
// the server closes.
func writeEndless(w http.ResponseWriter, r *http.Request, req openai.ChatCompletionRequest) {
	word := "endless "
	if req.Stream {
		// Chunks of a few KiB, so that a client's bound is reached
		// quickly even on a loaded machine.
		word = strings.Repeat(word, 512)
		st := newStreamer(w, req)
		for r.Context().Err() == nil {
			st.event(&chunkChoice{Delta: delta{Content: &word}}, nil)
		}
		panic(http.ErrAbortHandler)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(`{"id":"chatcmpl-endless","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"`))
	block := []byte(strings.Repeat(word, 4096))
	for r.Context().Err() == nil {
		if _, err := w.Write(block); err != nil {
			break
		}
	}
	panic(http.ErrAbortHandler)
}
