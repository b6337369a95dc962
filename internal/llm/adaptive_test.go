package llm

import (
	"context"
	"testing"
	"time"
)

func TestAdaptiveLimit(t *testing.T) {
	l := newAdaptiveLimit(0)
	ctx := context.Background()
	var ns []int
	for range 5 {
		n, err := l.acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ns = append(ns, n)
	}
	if l.current() != 0 {
		t.Fatalf("limit %v before any 429", l.current())
	}
	l.release(ns[4], true, false) // the fifth was one too many
	if l.current() != 4 {
		t.Fatalf("limit %v after a 429 at 5 in flight, want 4", l.current())
	}
	l.release(ns[3], true, false) // a second 429 at 4
	if l.current() != 3 {
		t.Fatalf("limit %v, want 3", l.current())
	}
	// Three still in flight: a fourth caller waits until one is released.
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := l.acquire(short); err == nil {
		t.Fatal("acquired beyond the limit")
	}
	got := make(chan int)
	go func() {
		n, _ := l.acquire(ctx)
		got <- n
	}()
	l.release(ns[0], false, true)
	if n := <-got; n != 3 {
		t.Errorf("in flight %d after the wait, want 3", n)
	}
	if l.current() <= 3 {
		t.Errorf("limit %v did not grow after a success", l.current())
	}

	c := newAdaptiveLimit(2)
	a, _ := c.acquire(ctx)
	for range 100 {
		c.release(a, false, true)
		a, _ = c.acquire(ctx)
	}
	if c.current() != 2 {
		t.Errorf("limit %v grew past the ceiling 2", c.current())
	}
}
