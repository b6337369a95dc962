package llm

import (
	"encoding/json"
	"fmt"

	openai "github.com/sashabaranov/go-openai"
)

// RequestBody returns the JSON body Complete sends for req, for callers
// that send it another way, such as a line of a batch input file (package
// batch). A schema is asked for as json_schema: a caller whose endpoint
// lacks it sets JSONMode instead. Sampling parameters that are set are in
// the body even when 0, as on the wire.
func RequestBody(req Request) ([]byte, error) {
	if req.Model == "" || len(req.Messages) == 0 {
		return nil, fmt.Errorf("llm: request needs a model and at least one message")
	}
	var c Client // chatRequest reads nothing of the client's state
	body, err := json.Marshal(c.chatRequest(req, req.Schema != nil))
	if err != nil {
		return nil, fmt.Errorf("llm: encode request: %w", err)
	}
	return setSampling(body, req.Temperature, req.TopP)
}

// ParseReply decodes a chat completion response body and checks it as
// Complete checks a reply: a body that is not a completion, or whose
// first choice is refused, filtered, truncated or empty, is an error
// matching ErrBadReply. Attempts and Latency are left zero.
func ParseReply(body []byte) (Reply, error) {
	var resp openai.ChatCompletionResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		return Reply{}, fmt.Errorf("%w: undecodable completion: %v", ErrBadReply, err)
	}
	return replyOf(resp)
}
