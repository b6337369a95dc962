package llm

import (
	"context"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limit names a provider limit the client paces to; the names are what
// the manifest, the log and the progress line show.
const (
	LimitRequests    = "requests per minute"
	LimitTokens      = "tokens per minute"
	LimitConcurrency = "concurrency"
)

// rateHeaders is what one reply's headers say about a limit. Counts are
// -1 when absent (Azure also sends -1 for "unknown").
type rateHeaders struct {
	limit, remaining int
	reset            time.Duration // from the reply's arrival; 0 when absent
	window           bool          // reset ends a fixed window (X-RateLimit-Reset)
}

// parseRateHeaders reads the rate-limit headers of one reply for requests
// and for tokens, in the forms providers send:
//   - OpenAI, Groq: x-ratelimit-{limit,remaining,reset}-{requests,tokens},
//     the reset as a Go-style duration ("1s", "6m0s", "20ms", "2m59.56s");
//   - Azure OpenAI: the remaining-* headers, sometimes -1, and a reset as a
//     plain number of seconds;
//   - OpenRouter and others: X-RateLimit-Limit, X-RateLimit-Remaining and
//     X-RateLimit-Reset (a Unix time in milliseconds or seconds, or a
//     number of seconds from now), counted as requests in a fixed window.
func parseRateHeaders(h http.Header, now time.Time) (requests, tokens rateHeaders) {
	get := func(kind string) rateHeaders {
		return rateHeaders{
			limit:     headerInt(h, "X-Ratelimit-Limit-"+kind),
			remaining: headerInt(h, "X-Ratelimit-Remaining-"+kind),
			reset:     parseReset(h.Get("X-Ratelimit-Reset-"+kind), now),
		}
	}
	requests, tokens = get("Requests"), get("Tokens")
	if requests.limit < 0 && requests.remaining < 0 {
		if r := headerInt(h, "X-Ratelimit-Remaining"); r >= 0 {
			requests = rateHeaders{limit: headerInt(h, "X-Ratelimit-Limit"), remaining: r,
				reset: parseReset(h.Get("X-Ratelimit-Reset"), now), window: true}
		}
	}
	return requests, tokens
}

func headerInt(h http.Header, name string) int {
	v := strings.TrimSpace(h.Get(name))
	if v == "" {
		return -1
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || n < 0 || n > math.MaxInt32 {
		return -1
	}
	return int(n)
}

// parseReset reads a reset: a duration ("6m0s", "20ms"), a number of
// seconds, or a Unix time (seconds or milliseconds) in the future.
func parseReset(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if d, err := time.ParseDuration(v); err == nil {
		return max(d, 0)
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || n <= 0 {
		return 0
	}
	// A plain number: seconds from now unless it is clearly a timestamp.
	// 1e9 seconds is 31 years, so no reset interval is that long.
	switch {
	case n > 1e12:
		return max(time.UnixMilli(int64(n)).Sub(now), 0)
	case n > 1e9:
		return max(time.Unix(int64(n), 0).Sub(now), 0)
	}
	return time.Duration(n * float64(time.Second))
}

// rateMessageRE matches OpenAI's 429 text, "Rate limit reached for X in
// organization Y on tokens per min (TPM): Limit 30000, Used 29000,
// Requested 1500. Please try again in 1.2s."
var (
	rateKindRE  = regexp.MustCompile(`(?i)\b(requests|tokens) per min(?:ute)?\b|\b(RPM|TPM)\b`)
	rateLimitRE = regexp.MustCompile(`(?i)\blimit:? ([0-9][0-9,]*)`)
	tryAgainRE  = regexp.MustCompile(`(?i)try again in ([0-9.]+ ?(?:ms|s|m)\b)`)
)

// rateMessage reads what a 429's message says: which per-minute limit
// (LimitRequests or LimitTokens, "" if none is named), its figure (0 if
// not given) and when to try again (0 if not given).
func rateMessage(msg string) (limit string, figure int, again time.Duration) {
	m := rateKindRE.FindStringSubmatch(msg)
	if m == nil {
		return "", 0, 0
	}
	limit = LimitRequests
	if strings.EqualFold(m[1], "tokens") || strings.EqualFold(m[2], "TPM") {
		limit = LimitTokens
	}
	if l := rateLimitRE.FindStringSubmatch(msg); l != nil {
		figure, _ = strconv.Atoi(strings.ReplaceAll(l[1], ",", ""))
	}
	if a := tryAgainRE.FindStringSubmatch(msg); a != nil {
		again, _ = time.ParseDuration(strings.ReplaceAll(a[1], " ", ""))
	}
	return limit, figure, again
}

// window is how long a provider takes to refill a per-minute limit; a
// reset further away than this means a longer window (Groq's
// x-ratelimit-limit-requests counts requests per day).
const window = time.Minute

// bucket mirrors one of the provider's limits as OpenAI documents them: a
// budget of capacity units that refills continuously at rate per second.
// Its level is corrected from every reply's remaining-* header, so the
// client keeps to what the provider counts rather than to a guess.
// Before any figure is known (no header, no ceiling) it lets everything
// through.
type bucket struct {
	mu       sync.Mutex
	ceiling  float64 // configured per-minute figure; 0 for none
	capacity float64 // 0: unknown
	sized    bool    // capacity comes from a limit header or the ceiling
	rate     float64 // units per second; 0: unknown
	level    float64
	at       time.Time // when level was computed
	fullAt   time.Time // a fixed window ends: level returns to capacity
	debited  float64   // units taken since the start, for matching replies to requests
	hold     time.Time // the provider said the budget is spent until then
}

func newBucket(ceiling int, now time.Time) *bucket {
	b := &bucket{ceiling: float64(ceiling), at: now}
	if ceiling > 0 {
		b.capacity, b.rate, b.level, b.sized = b.ceiling, b.ceiling/window.Seconds(), b.ceiling, true
	}
	return b
}

// refill brings level up to now. Callers hold mu.
func (b *bucket) refill(now time.Time) {
	if !b.fullAt.IsZero() && !now.Before(b.fullAt) {
		b.level, b.fullAt = b.capacity, time.Time{}
	}
	if dt := now.Sub(b.at).Seconds(); dt > 0 && b.rate > 0 {
		b.level = min(b.capacity, b.level+dt*b.rate)
	}
	b.at = now
}

// take debits n units if the budget allows and returns 0 and the mark to
// pass to observe; otherwise it returns how long to wait before asking
// again. A request larger than the whole capacity goes when the bucket is
// full, and takes all of it, rather than never.
func (b *bucket) take(n float64, now time.Time) (wait time.Duration, mark float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if now.Before(b.hold) {
		return b.hold.Sub(now), 0
	}
	b.refill(now)
	if b.capacity > 0 {
		n = min(n, b.capacity)
	}
	if b.capacity > 0 && b.level < n {
		need := n - b.level
		switch {
		case b.rate > 0:
			return time.Duration(need / b.rate * float64(time.Second)), 0
		case !b.fullAt.IsZero():
			return b.fullAt.Sub(now), 0
		}
		// Unknown refill and no reset: let the provider's 429s decide.
	}
	b.level -= n
	b.debited += n
	return 0, b.debited
}

// observe updates the bucket from a reply's headers. mark is what take
// returned for the request this reply answers: units taken after it are
// not yet counted in the provider's remaining figure.
func (b *bucket) observe(h rateHeaders, mark float64, now time.Time) {
	if h.limit <= 0 && h.remaining < 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	if h.limit > 0 {
		b.sized = true
		b.capacity = float64(h.limit)
		if b.ceiling > 0 {
			b.capacity = min(b.capacity, b.ceiling)
		}
		if !h.window {
			b.rate = b.capacity / window.Seconds()
			if h.remaining >= 0 && h.remaining < h.limit && h.reset > window {
				b.rate = float64(h.limit-h.remaining) / h.reset.Seconds()
			}
		}
	}
	if h.remaining < 0 {
		return
	}
	b.level = float64(h.remaining) - (b.debited - mark)
	if b.sized {
		b.level = min(b.level, b.capacity)
	} else {
		// Remaining without a limit (Azure): a budget until the reset
		// with nothing known about its refill.
		b.capacity = max(b.level, 1)
	}
	if h.reset > 0 && (h.window || b.rate == 0) {
		b.fullAt = now.Add(h.reset)
	}
}

// spent records that the provider refused a request because this budget
// is used up, and will take until now+d to allow one again.
func (b *bucket) spent(d time.Duration, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t := now.Add(d); t.After(b.hold) {
		b.hold = t
	}
}

// learn takes a per-minute figure named in a 429's message as the limit
// when no header gave one.
func (b *bucket) learn(figure int, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if figure <= 0 {
		return
	}
	b.refill(now)
	c := float64(figure)
	if b.ceiling > 0 {
		c = min(c, b.ceiling)
	}
	if !b.sized || c < b.capacity {
		b.capacity, b.rate, b.level, b.sized = c, c/window.Seconds(), min(b.level, 0), true
	}
}

// refills reports whether the bucket's refill rate is known.
func (b *bucket) refills() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.rate > 0
}

// known reports whether the bucket has a figure to pace to.
func (b *bucket) known() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.capacity > 0 || !b.hold.IsZero()
}

// figures returns the budget in force: capacity (0 unknown) and rate per
// minute (0 unknown).
func (b *bucket) figures() (capacity, perMinute float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.capacity, b.rate * window.Seconds()
}

// pacer applies the request and token budgets to each attempt.
type pacer struct {
	requests, tokens *bucket
	now              func() time.Time
	// held reports a wait that begins for a limit, and waited the time a
	// wait lasted; either may be nil.
	held   func(limit string, d time.Duration)
	waited func(limit string, d time.Duration)
}

// marks ties an attempt to the budgets it was taken from.
type marks struct{ requests, tokens float64 }

// wait blocks until both budgets allow one request and takes it. tokens
// counts the request's tokens; it is called only when a tokens budget is
// known, since counting costs CPU.
func (p *pacer) wait(ctx context.Context, tokens func() int) (marks, error) {
	var m marks
	n := 0
	if p.tokens.known() {
		n = tokens()
	}
	for _, l := range []struct {
		name string
		b    *bucket
		n    float64
		mark *float64
	}{{LimitRequests, p.requests, 1, &m.requests}, {LimitTokens, p.tokens, float64(n), &m.tokens}} {
		start := p.now()
		announced := false
		for {
			d, mark := l.b.take(l.n, p.now())
			if d <= 0 {
				*l.mark = mark
				break
			}
			if !announced && p.held != nil {
				p.held(l.name, d)
				announced = true
			}
			if err := sleep(ctx, d); err != nil {
				return m, err
			}
		}
		if waited := p.now().Sub(start); waited > 0 && announced && p.waited != nil {
			p.waited(l.name, waited)
		}
	}
	return m, nil
}

// observe passes one reply's headers to the budgets.
func (p *pacer) observe(h http.Header, m marks) {
	if h == nil {
		return
	}
	now := p.now()
	rq, tk := parseRateHeaders(h, now)
	p.requests.observe(rq, m.requests, now)
	p.tokens.observe(tk, m.tokens, now)
}
