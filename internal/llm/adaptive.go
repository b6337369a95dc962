package llm

import (
	"context"
	"sync"
)

// adaptiveLimit bounds the requests in flight and learns a provider's lower
// limit from its 429s: a request that was rejected while k requests were in
// flight shows the provider accepts fewer than k, so the limit drops to k-1;
// each success raises it by increase/limit (additive increase, as in TCP),
// so it probes back up slowly: one probe, and one extra 429, per about
// limit/increase successes. Callers beyond the limit wait instead of collecting
// 429s and running out of attempts: the run slows down rather than fails.
type adaptiveLimit struct {
	mu       sync.Mutex
	ceiling  float64 // 0: none
	limit    float64 // 0: none learned yet
	inFlight int
	changed  chan struct{} // closed and replaced when a slot may have freed
}

// increase is small so that probing costs a retry only rarely.
const increase = 0.1

func newAdaptiveLimit(ceiling int) *adaptiveLimit {
	return &adaptiveLimit{ceiling: float64(ceiling), limit: float64(ceiling), changed: make(chan struct{})}
}

// acquire waits for a slot and returns how many requests were in flight
// with this one.
func (l *adaptiveLimit) acquire(ctx context.Context) (int, error) {
	for {
		l.mu.Lock()
		if l.limit == 0 || l.inFlight < int(l.limit) {
			l.inFlight++
			n := l.inFlight
			l.mu.Unlock()
			return n, nil
		}
		ch := l.changed
		l.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// release frees a slot taken when n requests were in flight; throttled
// reports a 429, ok a usable answer.
func (l *adaptiveLimit) release(n int, throttled, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
	switch {
	case throttled:
		if l.limit == 0 || float64(n-1) < l.limit {
			l.limit = float64(max(n-1, 1))
		}
	case ok && l.limit > 0:
		l.limit += increase / l.limit
		if l.ceiling > 0 {
			l.limit = min(l.limit, l.ceiling)
		}
	}
	close(l.changed)
	l.changed = make(chan struct{})
}

// current returns the limit in force (0 for none), for tests.
func (l *adaptiveLimit) current() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limit
}
