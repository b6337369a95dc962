package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/summarize/summarize/internal/fakeai"
)

// The provider benchmarks run the CLI with its default settings (only the
// provider and the endpoint given) against the in-process fake endpoint,
// as issue 16 measures it. Each iteration is one whole run; run them one
// at a time:
//
//	go test ./cmd/summarize -run '^$' -bench 'Provider' -benchtime 1x
//
// They report wall time, requests, retries by cause and 429s as custom
// metrics, and fail when the run does not exit 0.

// providerCorpus writes stories story folders holding articles articles in
// all (spread as evenly as possible) and returns the model calls a run
// makes: one summary per article, a brief and a disputes call per story.
func providerCorpus(b *testing.B, root string, stories, articles int) int {
	b.Helper()
	for s := range stories {
		dir := filepath.Join(root, fmt.Sprintf("story-%02d", s))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		n := articles / stories
		if s < articles%stories {
			n++
		}
		for a := range n {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("outlet-%d.md", a)), []byte(articleText(s, a, "")), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	return articles + 2*stories
}

// providerRun runs the CLI once with default settings against srv.
func providerRun(b *testing.B, srv *fakeai.Server, stories, articles int) {
	b.Helper()
	for b.Loop() {
		dir := b.TempDir()
		root := filepath.Join(dir, "in")
		calls := providerCorpus(b, root, stories, articles)
		before := srv.Requests()
		limitedBefore := srv.Limited()
		res := runCLI(b, context.Background(), map[string]string{"OPENAI_API_KEY": testKey},
			"run", "--provider", "openai", "--base-url", srv.URL(), "--out", filepath.Join(dir, "out"),
			"--cache-dir", filepath.Join(dir, "cache"), "--run-id", "bench", root)
		if res.code != 0 {
			b.Fatalf("exit %d\n%s", res.code, tail(res.stderr, 3000))
		}
		m := readManifest(b, filepath.Join(dir, "out", "bench"))
		requests := srv.Requests() - before
		limited := srv.Limited() - limitedBefore
		b.ReportMetric(res.elapsed.Seconds(), "wall-s")
		b.ReportMetric(float64(calls), "calls")
		b.ReportMetric(float64(requests), "requests")
		b.ReportMetric(100*float64(limited)/float64(requests), "%limit-429s")
		b.ReportMetric(float64(requests)/res.elapsed.Minutes(), "requests/min")
		for cause, n := range m.Totals.Retries {
			b.ReportMetric(float64(n), "retries-"+cause)
		}
		for limit, ms := range m.Totals.WaitMS {
			b.ReportMetric(float64(ms)/1000, "held-s-"+strings.ReplaceAll(limit, " ", "-"))
		}
		b.Logf("exit 0 in %s: %d calls, %d requests, %d refused by an enforced limit, retries %v, held %v ms, faults %v",
			res.elapsed.Round(100*time.Millisecond), calls, requests, limited, m.Totals.Retries, m.Totals.WaitMS, srv.Faults())
	}
}

// BenchmarkProviderFaultFree: 20 stories of 90 articles, 20 ms latency, no
// faults and no advertised limits: nothing holds the run back.
func BenchmarkProviderFaultFree(b *testing.B) {
	srv := fakeai.New(fakeai.Options{Latency: 20 * time.Millisecond, MaxBodies: 1})
	defer srv.Close()
	providerRun(b, srv, 20, 90)
}

// BenchmarkProviderFaultMix: the same corpus against 20% 429 (Retry-After
// 1 s) + 10% 5xx + 2% hangs + 5% malformed replies.
func BenchmarkProviderFaultMix(b *testing.B) {
	srv := fakeai.New(fakeai.Options{Latency: 20 * time.Millisecond, MaxBodies: 1, Seed: 16,
		Rate429: 0.2, Rate5xx: 0.1, RateHang: 0.02, RateMalformed: 0.05, RetryAfter: "1"})
	defer srv.Close()
	providerRun(b, srv, 20, 90)
}

// BenchmarkProviderAdvertisedGenerous: limits advertised in headers far
// above what the run needs must not slow it (compare with FaultFree).
func BenchmarkProviderAdvertisedGenerous(b *testing.B) {
	srv := fakeai.New(fakeai.Options{Latency: 20 * time.Millisecond, MaxBodies: 1,
		Limits: &fakeai.Limits{RequestsPerMinute: 10000, TokensPerMinute: 30_000_000, Enforce: true}})
	defer srv.Close()
	providerRun(b, srv, 20, 90)
}

// BenchmarkProviderAdvertised100RPM: an endpoint advertising and enforcing
// 100 requests per minute, over a run of 250 calls that lasts a minute and
// a half (the first 100 go at once, as the provider's full budget
// allows): the client paces to it and draws almost no 429s.
func BenchmarkProviderAdvertised100RPM(b *testing.B) {
	srv := fakeai.New(fakeai.Options{Latency: 20 * time.Millisecond, MaxBodies: 1,
		Limits: &fakeai.Limits{RequestsPerMinute: 100, TokensPerMinute: 30_000_000, Enforce: true}})
	defer srv.Close()
	providerRun(b, srv, 50, 150)
}
