package fakeai

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// budget is one rate limit as OpenAI describes its own: limit units per
// minute, refilled continuously, starting full.
type budget struct {
	limit float64
	level float64
	at    time.Time
}

func (b *budget) refill(now time.Time) {
	if b.at.IsZero() {
		b.level, b.at = b.limit, now
		return
	}
	b.level = min(b.limit, b.level+now.Sub(b.at).Minutes()*b.limit)
	b.at = now
}

// reset is how long until the budget is full again.
func (b *budget) reset() time.Duration {
	return time.Duration((b.limit - b.level) / b.limit * float64(time.Minute))
}

// charge takes a request's cost from the advertised budgets and sets the
// rate-limit headers on h. It returns "" when the request may go on, or
// the rest of OpenAI's 429 message naming the budget that refused it.
func (s *Server) charge(h http.Header, req openai.ChatCompletionRequest, now time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.opts.Limits
	if l == nil {
		return ""
	}
	//lint:ignore SA1019 OpenAI counts max_tokens (or max_completion_tokens) against the budget
	cost := [2]float64{1, float64(promptTokens(req) + max(req.MaxTokens, req.MaxCompletionTokens))}
	figures := [2]int{l.RequestsPerMinute, l.TokensPerMinute}
	names := [2]string{"requests per min (RPM)", "tokens per min (TPM)"}
	refused := ""
	for i := range s.budgets {
		b := &s.budgets[i]
		if figures[i] <= 0 {
			continue
		}
		b.limit = float64(figures[i])
		b.refill(now)
		if l.Enforce && refused == "" && b.level < min(cost[i], b.limit) {
			wait := time.Duration((min(cost[i], b.limit) - b.level) / b.limit * float64(time.Minute))
			refused = fmt.Sprintf("%s: Limit %d, Used %d, Requested %d. Please try again in %s.",
				names[i], figures[i], figures[i]-int(b.level), int(cost[i]), wait.Round(time.Millisecond))
		}
	}
	if refused == "" {
		for i := range s.budgets {
			if figures[i] > 0 {
				s.budgets[i].level -= cost[i]
			}
		}
	} else {
		s.limited++
	}
	for i, kind := range [2]string{"requests", "tokens"} {
		b := &s.budgets[i]
		if figures[i] <= 0 {
			continue
		}
		h.Set("X-Ratelimit-Limit-"+kind, strconv.Itoa(figures[i]))
		h.Set("X-Ratelimit-Remaining-"+kind, strconv.Itoa(max(int(b.level), 0)))
		h.Set("X-Ratelimit-Reset-"+kind, b.reset().Round(time.Millisecond).String())
	}
	return refused
}

func promptTokens(req openai.ChatCompletionRequest) int {
	n := 0
	for _, m := range req.Messages {
		n += estimateTokens(m.Content) + 4
	}
	return n
}
