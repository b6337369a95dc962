package llm

import (
	"context"
	"sync"
	"time"
)

// adaptiveLimit bounds the requests in flight. A provider may enforce a
// lower concurrency limit than the client's; it then answers 429 to the
// requests beyond it. But most 429s are about rate (a quota shared with
// other jobs, per minute), and those say nothing about concurrency, so
// the limit is lowered only on evidence that the 429s track requests in
// flight:
//   - a 429 whose message names concurrency ("concurrent requests"), or
//   - concurrencyStreak 429s in a row, with no success between them, each
//     sent while two or more requests were in flight (a rate 429, one with
//     rate-limit headers or naming a per-minute limit, is not counted:
//     the pacer answers those).
//
// It is then multiplied by decrease (at least 1), once per round: 429s to
// requests sent before the last decrease do not lower it again. It comes
// back linearly to where it was within recoverIn of the last decrease, so
// a burst of bad luck costs a bounded time.
type adaptiveLimit struct {
	now func() time.Time

	mu        sync.Mutex
	ceiling   int     // configured bound; 0: none
	low       float64 // the limit right after the last decrease; 0: none in force
	from      float64 // the limit before it, to which it recovers
	loweredAt time.Time
	gen       int // rounds: incremented at each decrease
	streak    int
	inFlight  int
	changed   chan struct{} // closed and replaced when a slot may have freed
}

const (
	// concurrencyStreak: with 20% random 429s, four in a row with no
	// success between them start at a given 429 with probability 0.2³ =
	// 0.8%, so a run of a few hundred requests rarely lowers the limit by
	// chance; a provider that rejects every request beyond its limit
	// produces such a streak within one round.
	concurrencyStreak = 4
	// decrease and recoverIn: halving (as TCP does) overshoots a limit
	// that is a little below the client's; three quarters reaches a
	// limit of 1 from 16 in ten rounds. Recovery within half a minute keeps
	// a chance streak cheap while a real limit is found again within a
	// few rounds of probing.
	decrease  = 0.75
	recoverIn = 30 * time.Second
)

// 429 kinds, as release sees them.
const (
	notThrottled = iota
	throttledRate
	throttledConcurrency
	throttledUnknown
)

func newAdaptiveLimit(ceiling int, now func() time.Time) *adaptiveLimit {
	return &adaptiveLimit{ceiling: ceiling, now: now, changed: make(chan struct{})}
}

// limit returns the bound in force at now, 0 for none. Callers hold mu.
func (l *adaptiveLimit) limit(now time.Time) int {
	if l.low == 0 {
		return l.ceiling
	}
	f := float64(now.Sub(l.loweredAt)) / float64(recoverIn)
	if f >= 1 {
		l.low = 0
		return l.ceiling
	}
	return int(l.low + (l.from-l.low)*f)
}

// slot is one request in flight: how many were in flight with it, and the
// round it was sent in.
type slot struct{ n, gen int }

// tryAcquire takes a slot if the limit allows.
func (l *adaptiveLimit) tryAcquire(now time.Time) (slot, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if lim := l.limit(now); lim > 0 && l.inFlight >= lim {
		return slot{}, false
	}
	l.inFlight++
	return slot{n: l.inFlight, gen: l.gen}, true
}

// acquire waits for a slot.
func (l *adaptiveLimit) acquire(ctx context.Context) (slot, error) {
	for {
		s, ok := l.tryAcquire(l.now())
		if ok {
			return s, nil
		}
		l.mu.Lock()
		ch := l.changed
		l.mu.Unlock()
		// The limit also grows with time while it recovers.
		t := time.NewTimer(recoverIn / 30)
		select {
		case <-ch:
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return slot{}, ctx.Err()
		}
		t.Stop()
	}
}

// release frees s; kind is how the request was throttled, ok whether it
// got a usable answer.
func (l *adaptiveLimit) release(s slot, kind int, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
	switch kind {
	case throttledConcurrency:
		l.lower(s)
	case throttledUnknown:
		if s.n >= 2 {
			l.streak++
		}
		if l.streak >= concurrencyStreak {
			l.lower(s)
		}
	case notThrottled:
		if ok {
			l.streak = 0
		}
	}
	close(l.changed)
	l.changed = make(chan struct{})
}

// lower decreases the limit once per round. Callers hold mu.
func (l *adaptiveLimit) lower(s slot) {
	if s.gen != l.gen {
		return
	}
	now := l.now()
	cur := l.limit(now)
	if cur == 0 {
		cur = s.n
	}
	l.from = float64(max(cur, l.ceiling))
	l.low = max(1, float64(int(float64(cur)*decrease)))
	if int(l.low) >= cur && cur > 1 {
		l.low = float64(cur - 1)
	}
	l.loweredAt = now
	l.gen++
	l.streak = 0
}

// current returns the limit in force (0 for none), for tests.
func (l *adaptiveLimit) current() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limit(l.now())
}
