package cache

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summarize/summarize/internal/testfs"
)

func openTemp(t testing.TB) *Cache {
	t.Helper()
	c, err := Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustKey(t testing.TB, v any) Key {
	t.Helper()
	k, err := KeyOf(v)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func mustPut(t testing.TB, c *Cache, k Key, data []byte) {
	t.Helper()
	if err := c.Put(k, data); err != nil {
		t.Fatal(err)
	}
}

type request struct {
	Model       string
	Temperature float32
	Messages    []string
	Extra       map[string]string
}

func TestKeyOf(t *testing.T) {
	a := request{Model: "m", Messages: []string{"hi"}, Extra: map[string]string{"b": "2", "a": "1"}}
	b := request{Model: "m", Messages: []string{"hi"}, Extra: map[string]string{"a": "1", "b": "2"}}
	ka, kb := mustKey(t, a), mustKey(t, b)
	if ka != kb {
		t.Errorf("equal values give different keys %s and %s", ka, kb)
	}
	b.Temperature = 0.5
	if kc := mustKey(t, b); kc == ka {
		t.Errorf("a changed temperature gives the same key %s", kc)
	}
	if s := ka.String(); len(s) != 64 || strings.ToLower(s) != s {
		t.Errorf("String() = %q, want 64 lower-case hex digits", s)
	}
	if _, err := KeyOf(math.NaN()); err == nil {
		t.Error("KeyOf(NaN) succeeded, want an encoding error")
	}
}

func TestRoundTrip(t *testing.T) {
	c := openTemp(t)
	k := mustKey(t, "question")
	if _, ok := c.Get(k); ok {
		t.Fatal("Get on an empty cache hit")
	}
	for _, data := range [][]byte{[]byte("the answer\nwith two lines"), {}, bytes.Repeat([]byte{0, '\n', 0xff}, 5000)} {
		mustPut(t, c, k, data)
		got, ok := c.Get(k)
		if !ok || !bytes.Equal(got, data) {
			t.Fatalf("Get after Put of %d bytes = %d bytes, %v", len(data), len(got), ok)
		}
	}
	path := filepath.Join(c.Dir(), k.String()[:2], k.String())
	if _, err := os.Stat(path); err != nil {
		t.Errorf("entry not at the documented path: %v", err)
	}
}

func TestCorruptEntryIsMiss(t *testing.T) {
	data := []byte("a reply worth keeping")
	other := mustKey(t, "another request")
	corruptions := map[string]func(t *testing.T, path string, c *Cache, k Key){
		"flipped data byte": func(t *testing.T, path string, _ *Cache, _ Key) {
			b := readFile(t, path)
			b[len(b)-3] ^= 0x20
			writeFile(t, path, b)
		},
		"flipped header byte": func(t *testing.T, path string, _ *Cache, _ Key) {
			b := readFile(t, path)
			b[len(formatVersion)+5] ^= 0x01
			writeFile(t, path, b)
		},
		"truncated": func(t *testing.T, path string, _ *Cache, _ Key) {
			b := readFile(t, path)
			writeFile(t, path, b[:len(b)-1])
		},
		"extra byte": func(t *testing.T, path string, _ *Cache, _ Key) {
			writeFile(t, path, append(readFile(t, path), 'x'))
		},
		"empty": func(t *testing.T, path string, _ *Cache, _ Key) {
			writeFile(t, path, nil)
		},
		"no header": func(t *testing.T, path string, _ *Cache, _ Key) {
			writeFile(t, path, bytes.Repeat([]byte("x"), 1000))
		},
		"entry of another key": func(t *testing.T, path string, c *Cache, _ Key) {
			// A valid entry for other, copied under this key's name.
			mustPut(t, c, other, data)
			writeFile(t, path, readFile(t, c.entryPath(other)))
		},
		"directory": func(t *testing.T, path string, _ *Cache, _ Key) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(path, 0o700); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, corrupt := range corruptions {
		t.Run(name, func(t *testing.T) {
			c := openTemp(t)
			k := mustKey(t, name)
			mustPut(t, c, k, data)
			path := c.entryPath(k)
			corrupt(t, path, c, k)
			if got, ok := c.Get(k); ok {
				t.Fatalf("Get of a corrupt entry hit: %q", got)
			}
			mustPut(t, c, k, data)
			if got, ok := c.Get(k); !ok || !bytes.Equal(got, data) {
				t.Fatalf("Get after rewriting = %q, %v", got, ok)
			}
		})
	}
}

// TestBlockedEntryPath covers what another program may leave where an
// entry or its shard folder belongs: Get misses without blocking, Put
// stores the entry (elsewhere when the path stays blocked), the next Get
// hits, and a folder or a shard obstacle is left alone (the cache removes
// only its own files; a file at an entry's own name is replaced, as a
// corrupt entry is).
func TestBlockedEntryPath(t *testing.T) {
	data := []byte("a reply paid for")
	cases := []struct {
		name     string
		block    func(t *testing.T, c *Cache, k Key) string
		replaced bool
	}{
		{"folder in place of the entry", func(t *testing.T, c *Cache, k Key) string {
			p := c.entryPath(k)
			mkdir(t, filepath.Join(p, "inside"))
			return p
		}, false},
		{"file in place of the shard folder", func(t *testing.T, c *Cache, k Key) string {
			p := c.shardDir(k)
			writeFile(t, p, []byte("not a folder"))
			return p
		}, false},
		{"named pipe in place of the shard folder", func(t *testing.T, c *Cache, k Key) string {
			p := c.shardDir(k)
			mkfifo(t, p)
			return p
		}, false},
		{"named pipe in place of the entry", func(t *testing.T, c *Cache, k Key) string {
			p := c.entryPath(k)
			mkdir(t, filepath.Dir(p))
			mkfifo(t, p)
			return p
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := openTemp(t)
			k := mustKey(t, tc.name)
			obstacle := tc.block(t, c, k)
			before, err := os.Lstat(obstacle)
			if err != nil {
				t.Fatal(err)
			}
			if got, ok := c.Get(k); ok {
				t.Fatalf("Get hit %q before any Put", got)
			}
			mustPut(t, c, k, data)
			if got, ok := c.Get(k); !ok || !bytes.Equal(got, data) {
				t.Fatalf("Get after Put = %q, %v; want the reply", got, ok)
			}
			if err := c.Touch(k); err != nil {
				t.Errorf("Touch: %v", err)
			}
			after, err := os.Lstat(obstacle)
			if kept := err == nil && after.Mode() == before.Mode(); kept == tc.replaced {
				t.Errorf("obstacle %v kept = %v, want %v (now %v, %v)", before.Mode(), kept, !tc.replaced, after, err)
			}
			st, err := c.Stats()
			if err != nil || st.Entries != 1 {
				t.Errorf("Stats = %+v, %v; want the one entry", st, err)
			}
			if err := c.Clear(); err != nil {
				t.Fatal(err)
			}
			if _, ok := c.Get(k); ok {
				t.Error("Get hit after Clear")
			}
		})
	}
}

// TestOversizedEntryIsMiss: a huge file under an entry's name is not read.
func TestOversizedEntryIsMiss(t *testing.T) {
	c := openTemp(t)
	k := mustKey(t, "big")
	mustPut(t, c, k, []byte("x"))
	if err := os.Truncate(c.entryPath(k), maxEntryBytes+1); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(k); ok {
		t.Fatal("Get of an oversized file hit")
	}
}

func TestWritable(t *testing.T) {
	c := openTemp(t)
	if err := c.Writable(); err != nil {
		t.Fatalf("Writable of a fresh folder: %v", err)
	}
	names, _ := os.ReadDir(c.Dir())
	if len(names) != 0 {
		t.Errorf("Writable left %v behind", names)
	}
	ro := testfs.ReadOnlyDir(t)
	c, err := Open(ro)
	if err != nil {
		t.Fatalf("Open of a read-only folder: %v", err)
	}
	if err := c.Writable(); err == nil {
		t.Error("Writable of a read-only folder succeeded")
	}
	if err := c.Put(mustKey(t, 1), []byte("x")); err == nil {
		t.Error("Put into a read-only folder succeeded")
	}
}

func mkdir(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(path, 0o700); err != nil {
		t.Fatal(err)
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	testfs.Mkfifo(t, path)
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestPermissions(t *testing.T) {
	c := openTemp(t)
	k := mustKey(t, 1)
	mustPut(t, c, k, []byte("x"))
	for path, want := range map[string]os.FileMode{
		c.Dir():                      os.ModeDir | 0o700,
		filepath.Dir(c.entryPath(k)): os.ModeDir | 0o700,
		c.entryPath(k):               0o600,
	} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode(); got != want {
			t.Errorf("%s: mode %v, want %v", path, got, want)
		}
	}
	if err := c.RecordUse(1, 0); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(c.Dir(), usageLogName))
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode(); got != 0o600 {
		t.Errorf("usage log: mode %v, want 0600", got)
	}
}

func TestOpenRejectsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "file")
	writeFile(t, path, []byte("x"))
	if _, err := Open(path); err == nil {
		t.Error("Open of a regular file succeeded")
	}
}

// replyFor is the data the concurrency tests store: it names its key, so a
// reader can tell a reply for the wrong key, and its writer, so that racing
// writers store different bytes.
func replyFor(key int, writer string) []byte {
	head := fmt.Sprintf("key=%d writer=%s\n", key, writer)
	return append([]byte(head), bytes.Repeat([]byte{byte('a' + key%26)}, 3000+key*17)...)
}

func checkReply(key int, data []byte) error {
	head, body, ok := bytes.Cut(data, []byte("\n"))
	if !ok || !bytes.HasPrefix(head, fmt.Appendf(nil, "key=%d writer=", key)) {
		return fmt.Errorf("key %d: reply starts %q", key, head)
	}
	if want := bytes.Repeat([]byte{byte('a' + key%26)}, 3000+key*17); !bytes.Equal(body, want) {
		return fmt.Errorf("key %d: wrong body of %d bytes", key, len(body))
	}
	return nil
}

// hammer Puts and Gets the same few keys many times, as a writer named
// writer, and returns the first wrong reply seen. Once a key has been
// written nothing removes it, so from then on a miss means a reader saw a
// partly written entry.
func hammer(c *Cache, writer string, keys []Key, rounds int) error {
	written := make([]bool, len(keys))
	for r := range rounds {
		for i, k := range keys {
			if (r+i)%2 == 0 {
				if err := c.Put(k, replyFor(i, writer)); err != nil {
					return err
				}
				written[i] = true
			}
			data, ok := c.Get(k)
			if !ok {
				if written[i] {
					return fmt.Errorf("key %d: miss after a complete Put", i)
				}
				continue
			}
			if err := checkReply(i, data); err != nil {
				return err
			}
		}
	}
	return nil
}

func testKeys(t testing.TB, n int) []Key {
	keys := make([]Key, n)
	for i := range keys {
		keys[i] = mustKey(t, fmt.Sprintf("shared request %d", i))
	}
	return keys
}

// verifyAll checks that every file in the cache is a complete entry holding
// a valid reply, and that no temporary file was left behind.
func verifyAll(t *testing.T, c *Cache, keys []Key) {
	t.Helper()
	entries, temps, err := c.scan()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(keys) || len(temps) != 0 {
		t.Errorf("%d entries and %d temporary files, want %d and 0", len(entries), len(temps), len(keys))
	}
	for i, k := range keys {
		data, ok := c.Get(k)
		if !ok {
			t.Errorf("key %d: miss after the writers finished", i)
			continue
		}
		if err := checkReply(i, data); err != nil {
			t.Error(err)
		}
	}
}

func TestConcurrentGoroutines(t *testing.T) {
	c := openTemp(t)
	keys := testKeys(t, 8)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 16 {
		wg.Go(func() {
			if err := hammer(c, "g"+strconv.Itoa(g), keys, 20); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	verifyAll(t, c, keys)
}

const hammerEnv = "SUMMARIZE_CACHE_TEST_HAMMER_DIR"

// TestMultiProcess runs two copies of the test binary that Put and Get the
// same keys in one cache folder at once.
func TestMultiProcess(t *testing.T) {
	if dir := os.Getenv(hammerEnv); dir != "" {
		c, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := hammer(c, "pid"+strconv.Itoa(os.Getpid()), testKeys(t, 8), 60); err != nil {
			t.Fatal(err)
		}
		return
	}
	if testing.Short() {
		t.Skip("starts processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip("cannot find the test binary:", err)
	}
	c := openTemp(t)
	var cmds []*exec.Cmd
	var outputs []*bytes.Buffer
	for range 2 {
		cmd := exec.Command(exe, "-test.run=^TestMultiProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), hammerEnv+"="+c.Dir())
		out := new(bytes.Buffer)
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
		outputs = append(outputs, out)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("process %d: %v\n%s", i, err, outputs[i])
		}
	}
	verifyAll(t, c, testKeys(t, 8))
}

// TestUseRefreshesLastUse: Get and Touch both mark an entry used, at most
// once per mtimeInterval.
func TestUseRefreshesLastUse(t *testing.T) {
	for name, use := range map[string]func(c *Cache, k Key){
		"Get":   func(c *Cache, k Key) { c.Get(k) },
		"Touch": func(c *Cache, k Key) { _ = c.Touch(k) },
	} {
		c := openTemp(t)
		k := mustKey(t, "x")
		mustPut(t, c, k, []byte("reply"))
		path := c.entryPath(k)

		recent := time.Now().Add(-10 * time.Minute)
		setMtime(t, path, recent)
		use(c, k)
		if got := mtime(t, path); !got.Equal(recent) {
			t.Errorf("%s rewrote a 10-minute-old mtime: %v", name, got)
		}

		old := time.Now().Add(-3 * time.Hour)
		setMtime(t, path, old)
		use(c, k)
		if got := mtime(t, path); time.Since(got) > time.Minute {
			t.Errorf("%s left a 3-hour-old mtime at %v", name, got)
		}
	}
}

func TestTouchMissingAndParseKey(t *testing.T) {
	c := openTemp(t)
	k := mustKey(t, "never stored")
	if err := c.Touch(k); err != nil {
		t.Errorf("Touch of a missing entry: %v", err)
	}
	if _, ok := c.Get(k); ok {
		t.Error("Touch created an entry")
	}
	if got, err := ParseKey(k.String()); err != nil || got != k {
		t.Errorf("ParseKey(String()) = %v, %v", got, err)
	}
	for _, bad := range []string{"", "xyz", k.String()[:10], k.String() + "00"} {
		if _, err := ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) accepted", bad)
		}
	}
}

func setMtime(t *testing.T, path string, when time.Time) {
	t.Helper()
	if err := os.Chtimes(path, when, when); err != nil {
		t.Fatal(err)
	}
}

func mtime(t *testing.T, path string) time.Time {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.ModTime()
}

func TestPruneByAge(t *testing.T) {
	c := openTemp(t)
	ages := []time.Duration{0, 5 * time.Hour, 30 * time.Hour, 80 * time.Hour}
	keys := make([]Key, len(ages))
	for i, age := range ages {
		keys[i] = mustKey(t, i)
		mustPut(t, c, keys[i], []byte("reply"))
		setMtime(t, c.entryPath(keys[i]), time.Now().Add(-age))
	}
	res, err := c.Prune(24*time.Hour, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 2 || res.Kept != 2 {
		t.Errorf("Prune(24h) = %+v, want 2 removed and 2 kept", res)
	}
	for i, k := range keys {
		_, ok := c.Get(k)
		if want := ages[i] < 24*time.Hour; ok != want {
			t.Errorf("entry aged %v: present %v, want %v", ages[i], ok, want)
		}
	}
}

func TestPruneBySize(t *testing.T) {
	c := openTemp(t)
	var keys []Key
	var entrySize int64
	for i := range 5 {
		k := mustKey(t, i)
		keys = append(keys, k)
		mustPut(t, c, k, bytes.Repeat([]byte("z"), 1000))
		// Entry i was last used i hours ago: entry 4 is the oldest.
		setMtime(t, c.entryPath(k), time.Now().Add(-time.Duration(i)*time.Hour))
		entrySize = int64(len(readFile(t, c.entryPath(k))))
	}
	res, err := c.Prune(0, 3*entrySize)
	if err != nil {
		t.Fatal(err)
	}
	want := PruneResult{Removed: 2, FreedBytes: 2 * entrySize, Kept: 3, KeptBytes: 3 * entrySize}
	if res != want {
		t.Errorf("Prune = %+v, want %+v", res, want)
	}
	for i, k := range keys {
		if _, ok := c.Get(k); ok != (i < 3) {
			t.Errorf("entry %d hours old: present %v", i, ok)
		}
	}
	st, err := c.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Bytes > 3*entrySize {
		t.Errorf("after Prune, Stats.Bytes = %d, want at most %d", st.Bytes, 3*entrySize)
	}
}

func TestPruneAndClearLeaveForeignFiles(t *testing.T) {
	c := openTemp(t)
	k := mustKey(t, "kept?")
	mustPut(t, c, k, []byte("reply"))
	shard := filepath.Dir(c.entryPath(k))
	old := time.Now().Add(-time.Hour)

	staleTemp := c.entryPath(k) + tempMarker + "123"
	freshTemp := c.entryPath(k) + tempMarker + "456"
	foreign := []string{
		filepath.Join(c.Dir(), "notes.txt"),
		filepath.Join(shard, "README"),
		filepath.Join(shard, k.String()+".bak"),
		filepath.Join(shard, strings.ToUpper(k.String())),
	}
	for _, p := range append([]string{staleTemp, freshTemp}, foreign...) {
		writeFile(t, p, []byte("junk"))
		if p != freshTemp {
			setMtime(t, p, old)
		}
	}
	if err := os.Mkdir(filepath.Join(c.Dir(), "zz"), 0o700); err != nil {
		t.Fatal(err)
	}

	res, err := c.Prune(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.TempRemoved != 1 || res.Removed != 0 || res.Kept != 1 {
		t.Errorf("Prune(0, 0) = %+v, want 1 temp removed and the entry kept", res)
	}
	if _, err := os.Stat(staleTemp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temporary file still there: %v", err)
	}
	if _, err := os.Stat(freshTemp); err != nil {
		t.Errorf("fresh temporary file removed: %v", err)
	}

	if err := c.RecordUse(2, 1); err != nil {
		t.Fatal(err)
	}
	if err := c.Clear(); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(k); ok {
		t.Error("entry survived Clear")
	}
	for _, p := range append(foreign, freshTemp, c.Dir()) {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("Clear removed what is not a cache entry: %v", err)
		}
	}
	st, err := c.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Entries != 0 || st.Bytes != 0 || st.Hits != 2 {
		t.Errorf("Stats after Clear = %+v, want no entries and the usage history kept", st)
	}
	mustPut(t, c, k, []byte("again"))
	if _, ok := c.Get(k); !ok {
		t.Error("cache unusable after Clear")
	}
}

func TestStats(t *testing.T) {
	c := openTemp(t)
	st, err := c.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{}) {
		t.Errorf("Stats of an empty cache = %+v", st)
	}

	newest := time.Now().Add(-2 * time.Hour).Truncate(time.Second)
	oldest := newest.Add(-48 * time.Hour)
	for i, when := range []time.Time{newest, oldest} {
		k := mustKey(t, i)
		mustPut(t, c, k, []byte("0123456789"))
		setMtime(t, c.entryPath(k), when)
	}
	for _, use := range [][2]int{{3, 1}, {0, 0}, {1, 3}, {4, 0}} {
		if err := c.RecordUse(use[0], use[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.RecordUse(-1, 2); err == nil {
		t.Error("RecordUse(-1, 2) succeeded")
	}
	// A torn or foreign line must not break the statistics.
	f, err := os.OpenFile(filepath.Join(c.Dir(), usageLogName), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("garbage line\n17000 5 x\n1700000000 100")
	f.Close()

	st, err = c.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Entries != 2 || st.Bytes <= 20 {
		t.Errorf("Entries %d, Bytes %d; want 2 entries of more than 10 bytes each", st.Entries, st.Bytes)
	}
	if !st.Oldest.Equal(oldest) || !st.Newest.Equal(newest) {
		t.Errorf("Oldest %v, Newest %v; want %v, %v", st.Oldest, st.Newest, oldest, newest)
	}
	if st.Hits != 8 || st.Misses != 4 || math.Abs(st.HitRate-8.0/12) > 1e-9 {
		t.Errorf("Hits %d, Misses %d, HitRate %v; want 8, 4, 0.667", st.Hits, st.Misses, st.HitRate)
	}
}

func TestPruneRejectsNegativeLimits(t *testing.T) {
	c := openTemp(t)
	if _, err := c.Prune(-time.Hour, 0); err == nil {
		t.Error("Prune(-1h, 0) succeeded")
	}
	if _, err := c.Prune(0, -1); err == nil {
		t.Error("Prune(0, -1) succeeded")
	}
}

func BenchmarkGetHit(b *testing.B) {
	c := openTemp(b)
	k := mustKey(b, "bench")
	mustPut(b, c, k, bytes.Repeat([]byte("reply "), 700))
	b.ResetTimer()
	for b.Loop() {
		if _, ok := c.Get(k); !ok {
			b.Fatal("miss")
		}
	}
}

func BenchmarkPut(b *testing.B) {
	c := openTemp(b)
	k := mustKey(b, "bench")
	data := bytes.Repeat([]byte("reply "), 700)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := c.Put(k, data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKeyOf(b *testing.B) {
	req := request{
		Model:    "gpt-4o-mini",
		Messages: []string{strings.Repeat("system words ", 50), strings.Repeat("article text ", 600)},
		Extra:    map[string]string{"response_format": "json_schema", "base_url": "http://localhost:11434/v1"},
	}
	for b.Loop() {
		if _, err := KeyOf(req); err != nil {
			b.Fatal(err)
		}
	}
}
