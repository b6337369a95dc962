package llm

import (
	"math/rand/v2"
	"testing"
	"time"
)

// simulate drives an adaptiveLimit in virtual time: workers callers, each
// with an endless queue of calls; a completion takes 10 ticks, a 429 is
// answered in 1 tick and its retry waits 2 ticks more (429s come back
// fast, and Retry-After is short). throttled decides, for a request sent
// with n in flight, whether it gets a 429 and of which kind. It returns
// the calls completed and the 429s received.
func simulate(workers, ticks int, throttled func(n int) int) (done, rejected int, l *adaptiveLimit) {
	const tick = 100 * time.Millisecond
	now := time.Unix(0, 0)
	l = newAdaptiveLimit(workers, func() time.Time { return now })
	type worker struct {
		busyUntil int
		s         slot
		kind      int
		inFlight  bool
	}
	ws := make([]worker, workers)
	for t := 0; t < ticks; t++ {
		now = now.Add(tick)
		for i := range ws {
			w := &ws[i]
			if w.inFlight && t >= w.busyUntil {
				w.inFlight = false
				l.release(w.s, w.kind, w.kind == notThrottled)
				if w.kind == notThrottled {
					done++
					w.busyUntil = t
				} else {
					rejected++
					w.busyUntil = t + 2
				}
			}
		}
		for i := range ws {
			w := &ws[i]
			if w.inFlight || t < w.busyUntil {
				continue
			}
			s, ok := l.tryAcquire(now)
			if !ok {
				continue
			}
			w.s, w.inFlight, w.kind = s, true, throttled(s.n)
			w.busyUntil = t + 10
			if w.kind != notThrottled {
				w.busyUntil = t + 1
			}
		}
	}
	return done, rejected, l
}

// Random 429s, as from a quota shared with other jobs, must not collapse
// concurrency: throughput stays at no less than 70% of the fault-free
// figure (the old policy, k-1 on every 429, pinned it near 1 in flight).
func TestRandom429sKeepThroughput(t *testing.T) {
	const workers, ticks = 8, 6000 // 10 minutes of virtual time
	free, _, _ := simulate(workers, ticks, func(int) int { return notThrottled })
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 1))
		done, rejected, l := simulate(workers, ticks, func(int) int {
			if rng.Float64() < 0.2 {
				return throttledUnknown
			}
			return notThrottled
		})
		ratio := float64(done) / float64(free)
		t.Logf("seed %d: %d calls vs %d fault-free (%.2f), %d 429s, limit now %d", seed, done, free, ratio, rejected, l.current())
		if ratio < 0.7 {
			t.Errorf("seed %d: throughput %.2f of fault-free under 20%% random 429s, want >= 0.70", seed, ratio)
		}
	}
}

// A provider that rejects every request beyond 3 in flight: the limit
// comes down to it and most requests then succeed.
func TestConcurrencyLimitLearned(t *testing.T) {
	const workers, ticks = 8, 600
	for _, kind := range []int{throttledUnknown, throttledConcurrency} {
		done, rejected, l := simulate(workers, ticks, func(n int) int {
			if n > 3 {
				return kind
			}
			return notThrottled
		})
		if lim := l.current(); lim < 1 || lim > 6 {
			t.Errorf("kind %d: limit %d after a minute against a provider limit of 3", kind, lim)
		}
		if rejected > done {
			t.Errorf("kind %d: %d 429s for %d calls", kind, rejected, done)
		}
	}
	// Rate 429s never lower concurrency.
	_, _, l := simulate(workers, ticks, func(n int) int {
		if n > 3 {
			return throttledRate
		}
		return notThrottled
	})
	if lim := l.current(); lim != workers {
		t.Errorf("rate 429s lowered the limit to %d", lim)
	}
}

// Lowered, the limit is back at its ceiling within recoverIn.
func TestConcurrencyRecovers(t *testing.T) {
	now := time.Unix(0, 0)
	l := newAdaptiveLimit(16, func() time.Time { return now })
	s, _ := l.tryAcquire(now)
	s.n = 16
	l.release(s, throttledConcurrency, false)
	if got := l.current(); got != 12 {
		t.Fatalf("after one concurrency 429 at 16: limit %d, want 12", got)
	}
	// A second 429 from the same round does not lower it again.
	l.release(slot{n: 16, gen: 0}, throttledConcurrency, false)
	l.inFlight = 0
	if got := l.current(); got != 12 {
		t.Errorf("a 429 of the same round lowered it to %d", got)
	}
	now = now.Add(recoverIn / 2)
	if got := l.current(); got != 14 {
		t.Errorf("halfway: limit %d, want 14", got)
	}
	now = now.Add(recoverIn / 2)
	if got := l.current(); got != 16 {
		t.Errorf("after %v: limit %d, want 16", recoverIn, got)
	}
}
