package llm

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRateHeaders(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	for _, tc := range []struct {
		name         string
		h            http.Header
		requests, tk rateHeaders
	}{
		{"none", hdr(), rateHeaders{-1, -1, 0, false}, rateHeaders{-1, -1, 0, false}},
		{"openai", hdr("x-ratelimit-limit-requests", "500", "x-ratelimit-remaining-requests", "499", "x-ratelimit-reset-requests", "120ms",
			"x-ratelimit-limit-tokens", "200000", "x-ratelimit-remaining-tokens", "150000", "x-ratelimit-reset-tokens", "6m0s"),
			rateHeaders{500, 499, 120 * time.Millisecond, false}, rateHeaders{200000, 150000, 6 * time.Minute, false}},
		{"groq", hdr("x-ratelimit-limit-requests", "14400", "x-ratelimit-remaining-requests", "14370", "x-ratelimit-reset-requests", "2m59.56s"),
			rateHeaders{14400, 14370, 179560 * time.Millisecond, false}, rateHeaders{-1, -1, 0, false}},
		{"azure unknown and seconds", hdr("x-ratelimit-limit-tokens", "-1", "x-ratelimit-remaining-tokens", "900", "x-ratelimit-reset-tokens", "7"),
			rateHeaders{-1, -1, 0, false}, rateHeaders{-1, 900, 7 * time.Second, false}},
		{"openrouter epoch ms", hdr("X-RateLimit-Limit", "20", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1700000004000"),
			rateHeaders{20, 0, 4 * time.Second, true}, rateHeaders{-1, -1, 0, false}},
		{"epoch seconds", hdr("X-RateLimit-Limit", "20", "X-RateLimit-Remaining", "3", "X-RateLimit-Reset", "1700000010"),
			rateHeaders{20, 3, 10 * time.Second, true}, rateHeaders{-1, -1, 0, false}},
		{"garbage", hdr("x-ratelimit-limit-requests", "many", "x-ratelimit-reset-requests", "soon"), rateHeaders{-1, -1, 0, false}, rateHeaders{-1, -1, 0, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rq, tk := parseRateHeaders(tc.h, now)
			if rq != tc.requests || tk != tc.tk {
				t.Errorf("got %+v, %+v; want %+v, %+v", rq, tk, tc.requests, tc.tk)
			}
		})
	}
}

func TestRateMessage(t *testing.T) {
	for _, tc := range []struct {
		msg    string
		limit  string
		figure int
		again  time.Duration
	}{
		{"Rate limit reached for gpt-4o-mini in organization org-x on tokens per min (TPM): Limit 200000, Used 199000, Requested 1500. Please try again in 450ms.", LimitTokens, 200000, 450 * time.Millisecond},
		{"Rate limit reached for gpt-4o in organization org-x on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 1.2s.", LimitRequests, 500, 1200 * time.Millisecond},
		{"Requests to the ChatCompletions_Create Operation have exceeded token rate limit. TPM limit: 30,000. Please retry after 37 seconds.", LimitTokens, 30000, 0},
		{"Rate limit reached for requests. Please try again later.", "", 0, 0},
		{"Too many concurrent requests", "", 0, 0},
	} {
		limit, figure, again := rateMessage(tc.msg)
		if limit != tc.limit || figure != tc.figure || again != tc.again {
			t.Errorf("%q: got %q %d %v; want %q %d %v", tc.msg, limit, figure, again, tc.limit, tc.figure, tc.again)
		}
	}
}

// The bucket mirrors OpenAI's: a minute's budget that refills
// continuously, corrected from replies, with virtual time.
func TestBucket(t *testing.T) {
	t0 := time.Unix(0, 0)
	at := func(d time.Duration) time.Time { return t0.Add(d) }

	// Unknown: everything goes.
	b := newBucket(0, t0)
	for range 1000 {
		if d, _ := b.take(1, t0); d != 0 {
			t.Fatalf("unknown bucket made a request wait %v", d)
		}
	}

	// Learned from a reply: 60 per minute, 10 remaining when the request
	// with mark m was answered; 2 more were sent since.
	b = newBucket(0, t0)
	_, m := b.take(1, t0)
	b.take(1, t0)
	b.take(1, t0)
	b.observe(rateHeaders{limit: 60, remaining: 10, reset: 50 * time.Second}, m, t0)
	for i := range 8 {
		if d, _ := b.take(1, t0); d != 0 {
			t.Fatalf("request %d of the 8 remaining waited %v", i, d)
		}
	}
	if d, _ := b.take(1, t0); d != time.Second {
		t.Errorf("budget spent: wait %v, want 1s (one request a second at 60 RPM)", d)
	}
	if d, _ := b.take(1, at(time.Second)); d != 0 {
		t.Errorf("after a second: wait %v, want 0", d)
	}

	// A configured ceiling caps what is learned.
	b = newBucket(30, t0)
	b.observe(rateHeaders{limit: 500, remaining: 0}, 0, t0)
	if c, rpm := b.figures(); c != 30 || rpm != 30 {
		t.Errorf("ceiling 30 with a learned 500: capacity %v, rate %v", c, rpm)
	}

	// A reset far beyond a minute means a longer window: Groq's requests
	// per day, 14,400 a day is 10 a minute.
	b = newBucket(0, t0)
	b.observe(rateHeaders{limit: 14400, remaining: 14370, reset: 180 * time.Second}, 0, t0)
	if _, rpm := b.figures(); rpm != 10 {
		t.Errorf("per-day limit paced at %v per minute, want 10", rpm)
	}

	// A fixed window (X-RateLimit-Reset): nothing until it ends, then all.
	b = newBucket(0, t0)
	b.observe(rateHeaders{limit: 20, remaining: 0, reset: 4 * time.Second, window: true}, 0, t0)
	if d, _ := b.take(1, t0); d != 4*time.Second {
		t.Errorf("window: wait %v, want 4s", d)
	}
	if d, _ := b.take(1, at(4*time.Second)); d != 0 {
		t.Errorf("after the window: wait %v", d)
	}

	// A 429 saying the budget is spent holds every request until then.
	b = newBucket(0, t0)
	b.spent(2*time.Second, t0)
	if d, _ := b.take(1, at(time.Second)); d != time.Second {
		t.Errorf("held: wait %v, want 1s", d)
	}

	// A limit named in a 429's message is learned.
	b = newBucket(0, t0)
	b.learn(120, t0)
	if d, _ := b.take(1, t0); d != 500*time.Millisecond {
		t.Errorf("learned 120 RPM from a message: wait %v, want 500ms", d)
	}
}
