// Package cache is a content-addressed on-disk cache of model replies,
// modelled on the Go build cache (cmd/go/internal/cache).
//
// A Key is the SHA-256 of a canonical encoding of everything that determines
// a reply: endpoint, model, sampling parameters, rendered messages, response
// format, and this package's format version (see KeyOf). The API key must
// never be part of what is hashed, nor of the data stored: a key that
// identified the credential would leak it into a folder that is shared,
// copied and backed up, and would make every reply a miss after a key
// rotation. Keeping it out is the caller's job; this package cannot tell.
//
// # Layout
//
// Each entry is one file, sharded into up to 256 folders by the key's first
// byte: <dir>/ab/abcd… (the full key in lower-case hex, no extension). When
// that path is blocked (a folder where the entry should be, a file where its
// shard folder should be: left by hand or by another program, and never
// removed by this package, which deletes only its own files), Put stores the
// entry in <dir>/alt/abcd… instead and Get looks there after a miss, so a
// blocked path costs one extra lookup rather than a reply paid for again on
// every run. An
// entry holds a one-line header carrying the format version, the full key,
// the SHA-256 of the data and its length, then the data. Get checks all of
// it, so a malformed, truncated, misplaced or foreign file is a miss, never
// an error and never wrong data. A file's modification time is its last use:
// Get refreshes it when it is more than an hour old (as Go does, to avoid an
// inode write on every hit), so ages seen by Prune are precise to an hour.
// usage.log at the top records the hits and misses of each run (RecordUse).
//
// # Safety
//
// A Cache holds no mutable state: its methods are safe for concurrent use by
// many goroutines, and any number of processes may share one folder at once
// with no locks:
//   - Put writes a temporary file in the entry's shard folder, syncs it and
//     renames it over the entry, so readers see either the old complete entry
//     or the new complete one, never a partial one. When several processes Put
//     the same key at once, the last rename wins and every intermediate state
//     is a complete entry.
//   - A process killed during Put leaves at most a temporary file (name
//     containing ".tmp"); Get never reads it, and Prune and Clear remove it
//     once it is older than ten minutes, so a Put still running elsewhere is
//     not disturbed.
//   - Get never blocks on what it finds: a named pipe or device in place of
//     an entry is not opened for reading (on Unix it is opened non-blocking
//     and rejected as not a regular file), and a file larger than
//     maxEntryBytes is not read. Both are misses.
//   - Get removes nothing. Prune and Clear remove only regular files whose
//     names are entry or temporary names in a shard folder of the right name;
//     anything else in the folder is left alone. An entry removed while
//     another process reads it is a miss for that reader.
//   - RecordUse appends one short line with a single O_APPEND write, which
//     processes on one local file system do not interleave.
//
// The cache only grows unless trimmed: model replies cost money, so nothing
// is ever evicted implicitly; Prune and Clear are explicit, as are the
// commands that call them. A crash may lose entries written just before it
// (the directory is not synced), which only costs a miss.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// formatVersion names the key derivation and the entry format. Changing it
// turns every existing entry into a miss, which is what a format change
// needs.
const formatVersion = "summarize-cache-v1"

const (
	// mtimeInterval bounds how stale an entry's last-use time may be: Get
	// refreshes it only when older than this, to save disk writes.
	mtimeInterval = time.Hour
	// tempMaxAge is how old a temporary file must be before Prune or Clear
	// treats it as left by a killed process; a live Put takes milliseconds.
	tempMaxAge = 10 * time.Minute
	// maxHeaderLen bounds the search for the header's end so that a large
	// foreign file is rejected without scanning it.
	maxHeaderLen = 256
	// maxEntryBytes bounds what Get reads: an entry is one model reply
	// (kilobytes; the llm client bounds replies to far less), so a larger
	// file is not an entry, and reading it could exhaust memory.
	maxEntryBytes = 64 << 20
	usageLogName  = "usage.log"
	tempMarker    = ".tmp"
	// altName is the folder of entries whose sharded path is blocked.
	altName = "alt"
)

// Key identifies a cache entry: the SHA-256 of a complete description of a
// request.
type Key [sha256.Size]byte

// String returns the key in lower-case hex.
func (k Key) String() string { return hex.EncodeToString(k[:]) }

// KeyOf returns the key of v: the SHA-256 of the format version followed by
// the encoding/json encoding of v. That encoding is canonical for plain
// structs, slices and maps (struct fields in declaration order, map keys
// sorted), which is all a request description needs. v must describe
// everything that determines the reply and must not contain the API key.
func KeyOf(v any) (Key, error) {
	encoded, err := json.Marshal(v)
	if err != nil {
		return Key{}, fmt.Errorf("cache key: %w", err)
	}
	h := sha256.New()
	h.Write([]byte(formatVersion))
	h.Write([]byte{'\n'})
	h.Write(encoded)
	var k Key
	h.Sum(k[:0])
	return k, nil
}

// Cache is a cache folder. The zero value is not usable; call Open.
type Cache struct {
	dir string
}

// Open opens the cache in dir, creating the folder (mode 0700) if needed.
// Shard folders are created when first written to.
func Open(dir string) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("open cache: empty directory name")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("open cache %s: not a directory", dir)
	}
	return &Cache{dir: dir}, nil
}

// Dir returns the cache folder.
func (c *Cache) Dir() string { return c.dir }

func (c *Cache) shardDir(key Key) string {
	return filepath.Join(c.dir, hex.EncodeToString(key[:1]))
}

func (c *Cache) entryPath(key Key) string {
	return filepath.Join(c.shardDir(key), key.String())
}

func (c *Cache) altDir() string { return filepath.Join(c.dir, altName) }

func (c *Cache) altPath(key Key) string {
	return filepath.Join(c.altDir(), key.String())
}

// Writable reports whether Put can store entries: it creates and removes a
// small file at the top of the folder. A nil error is no promise (the disk
// may fill later), but a read-only folder, a folder owned by someone else
// or a read-only file system is found before the first request.
func (c *Cache) Writable() error {
	f, err := os.CreateTemp(c.dir, ".probe"+tempMarker+"*")
	if err != nil {
		return fmt.Errorf("cache %s is not writable: %w", c.dir, err)
	}
	name := f.Name()
	_, err = f.Write([]byte("probe\n"))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if rerr := os.Remove(name); err == nil {
		err = rerr
	}
	if err != nil {
		return fmt.Errorf("cache %s is not writable: %w", c.dir, err)
	}
	return nil
}

// header returns the line that starts the entry for key holding data.
func header(key Key, data []byte) []byte {
	sum := sha256.Sum256(data)
	return fmt.Appendf(nil, "%s %x %x %d\n", formatVersion, key[:], sum[:], len(data))
}

// Get returns the data stored under key. Anything short of a complete entry
// written by Put for this very key (missing, truncated, corrupt, a header
// naming another key, a directory, a named pipe) is reported as a miss.
func (c *Cache) Get(key Key) ([]byte, bool) {
	if data, ok := c.getAt(c.entryPath(key), key); ok {
		return data, true
	}
	return c.getAt(c.altPath(key), key)
}

func (c *Cache) getAt(path string, key Key) ([]byte, bool) {
	f, err := openNoBlock(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxEntryBytes {
		return nil, false
	}
	// Entries are never written in place, so the size seen now is the
	// size of the whole file; reading one byte more detects a file that
	// is not an entry at all.
	content := make([]byte, info.Size()+1)
	n, err := io.ReadFull(f, content)
	if err != io.ErrUnexpectedEOF || int64(n) != info.Size() {
		return nil, false
	}
	content = content[:n]
	end := bytes.IndexByte(content[:min(len(content), maxHeaderLen)], '\n')
	if end < 0 {
		return nil, false
	}
	data := content[end+1:]
	if !bytes.Equal(content[:end+1], header(key, data)) {
		return nil, false
	}
	if now := time.Now(); now.Sub(info.ModTime()) >= mtimeInterval {
		// Best effort: a failure only makes the entry look older to Prune.
		_ = os.Chtimes(path, now, now)
	}
	return data, true
}

// Touch marks the entry under key as used now, as Get would, without
// reading it: for a run that reuses outputs made from the entry. A
// missing entry is not an error; there is nothing to keep.
func (c *Cache) Touch(key Key) error {
	for _, path := range []string{c.entryPath(key), c.altPath(key)} {
		info, err := os.Stat(path)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if now := time.Now(); now.Sub(info.ModTime()) >= mtimeInterval {
			if err := os.Chtimes(path, now, now); err != nil {
				return fmt.Errorf("cache touch %s: %w", key, err)
			}
		}
		return nil
	}
	return nil
}

// ParseKey parses a key as String writes it.
func ParseKey(s string) (Key, error) {
	var k Key
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(k) {
		return k, fmt.Errorf("cache key %q: want %d hex digits", s, 2*len(k))
	}
	copy(k[:], b)
	return k, nil
}

// Put stores data under key, replacing any entry already there. The entry
// becomes visible to every process at once and complete. When the entry's
// sharded path is blocked, the entry goes to the alt folder instead (see
// Layout); only when both fail is there an error.
func (c *Cache) Put(key Key, data []byte) error {
	err := putAt(c.shardDir(key), c.entryPath(key), key, data)
	if err == nil {
		return nil
	}
	if altErr := putAt(c.altDir(), c.altPath(key), key, data); altErr != nil {
		return fmt.Errorf("cache put %s: %w", key, err)
	}
	return nil
}

// putAt writes the entry for key to path through a temporary file in dir,
// creating dir when needed.
func putAt(dir, path string, key Key, data []byte) error {
	tmp, err := os.CreateTemp(dir, key.String()+tempMarker+"*")
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		tmp, err = os.CreateTemp(dir, key.String()+tempMarker+"*")
	}
	if err != nil {
		return err
	}
	// os.CreateTemp creates the file with mode 0600, as entries must be.
	err = writeEntry(tmp, key, data)
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// writeEntry writes the entry to f, syncs and closes it. The sync comes
// before the rename so that a crash cannot leave a renamed but empty file.
func writeEntry(f *os.File, key Key, data []byte) error {
	_, err := f.Write(header(key, data))
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	return err
}

// RecordUse adds one run's cache hits and misses to the usage log that
// Stats reads. A call with no hits and no misses records nothing.
func (c *Cache) RecordUse(hits, misses int) error {
	if hits < 0 || misses < 0 {
		return fmt.Errorf("record cache use: negative count (hits %d, misses %d)", hits, misses)
	}
	if hits == 0 && misses == 0 {
		return nil
	}
	path := filepath.Join(c.dir, usageLogName)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("record cache use: %w", err)
	}
	// One write per line: O_APPEND makes it land whole at the end even
	// when other processes append at the same time.
	_, err = fmt.Fprintf(f, "%d %d %d\n", time.Now().Unix(), hits, misses)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return fmt.Errorf("record cache use: %w", err)
	}
	return nil
}

// Stats describes the cache folder.
type Stats struct {
	Entries int
	Bytes   int64 // size on disk of the entries, headers included
	// Oldest and Newest are the least and most recent last-use times of
	// the entries (zero when there are none), precise to an hour.
	Oldest, Newest time.Time
	// Hits and Misses are summed over every RecordUse call.
	Hits, Misses int64
	// HitRate is Hits/(Hits+Misses), or 0 when nothing was recorded.
	HitRate float64
}

// Stats reports the entries in the cache and the recorded hit rate. It lists
// entries without verifying them.
func (c *Cache) Stats() (Stats, error) {
	var st Stats
	entries, _, err := c.scan()
	if err != nil {
		return st, err
	}
	for i, e := range entries {
		st.Entries++
		st.Bytes += e.size
		if i == 0 || e.used.Before(st.Oldest) {
			st.Oldest = e.used
		}
		if i == 0 || e.used.After(st.Newest) {
			st.Newest = e.used
		}
	}
	st.Hits, st.Misses, err = c.readUsage()
	if err != nil {
		return st, err
	}
	if total := st.Hits + st.Misses; total > 0 {
		st.HitRate = float64(st.Hits) / float64(total)
	}
	return st, nil
}

// readUsage sums the usage log. Lines that do not parse (a torn line from a
// full disk, say) are skipped: statistics must not fail over them.
func (c *Cache) readUsage() (hits, misses int64, err error) {
	data, err := os.ReadFile(filepath.Join(c.dir, usageLogName))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("cache stats: %w", err)
	}
	for line := range strings.Lines(string(data)) {
		fields := strings.Fields(line)
		if len(fields) != 3 || !strings.HasSuffix(line, "\n") {
			continue
		}
		h, errH := strconv.ParseUint(fields[1], 10, 32)
		m, errM := strconv.ParseUint(fields[2], 10, 32)
		if errH != nil || errM != nil {
			continue
		}
		hits += int64(h)
		misses += int64(m)
	}
	return hits, misses, nil
}

// PruneResult says what Prune did.
type PruneResult struct {
	Removed     int   // entries removed
	FreedBytes  int64 // their size on disk
	Kept        int   // entries left
	KeptBytes   int64 // their size on disk
	TempRemoved int   // stale temporary files removed
}

// Prune removes entries not used for longer than maxAge (0: no age limit),
// then removes the least recently used entries until the rest take at most
// maxBytes (0: no size limit). Because last-use times may lag by up to an
// hour, the age limit is widened by an hour so that no entry used within
// maxAge is removed. Stale temporary files are removed too. A failure to
// remove one file does not stop the others; the errors are returned
// together.
func (c *Cache) Prune(maxAge time.Duration, maxBytes int64) (PruneResult, error) {
	var res PruneResult
	if maxAge < 0 || maxBytes < 0 {
		return res, fmt.Errorf("prune cache: negative limit (age %v, bytes %d)", maxAge, maxBytes)
	}
	entries, temps, err := c.scan()
	if err != nil {
		return res, err
	}
	now := time.Now()
	var errs []error
	res.TempRemoved, errs = removeStaleTemps(temps, now)

	// Oldest use first, so that both limits remove from the front.
	sort.Slice(entries, func(i, j int) bool { return entries[i].used.Before(entries[j].used) })
	var total int64
	for _, e := range entries {
		total += e.size
	}
	cutoff := now.Add(-maxAge - mtimeInterval)
	for _, e := range entries {
		tooOld := maxAge > 0 && e.used.Before(cutoff)
		tooBig := maxBytes > 0 && total > maxBytes
		if !tooOld && !tooBig {
			res.Kept++
			res.KeptBytes += e.size
			continue
		}
		if err := os.Remove(e.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			res.Kept++
			res.KeptBytes += e.size
			continue
		}
		total -= e.size
		res.Removed++
		res.FreedBytes += e.size
	}
	if err := errors.Join(errs...); err != nil {
		return res, fmt.Errorf("prune cache %s: %w", c.dir, err)
	}
	return res, nil
}

// Clear removes every entry and every stale temporary file. The folder, its
// shard folders and the usage log stay, so processes using the cache at the
// same time keep working and the hit rate history survives.
func (c *Cache) Clear() error {
	entries, temps, err := c.scan()
	if err != nil {
		return err
	}
	_, errs := removeStaleTemps(temps, time.Now())
	for _, e := range entries {
		if err := os.Remove(e.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("clear cache %s: %w", c.dir, err)
	}
	return nil
}

func removeStaleTemps(temps []file, now time.Time) (removed int, errs []error) {
	for _, t := range temps {
		if now.Sub(t.used) < tempMaxAge {
			continue
		}
		if err := os.Remove(t.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed++
	}
	return removed, errs
}

// file is a regular file found in a shard folder.
type file struct {
	path string
	size int64
	used time.Time // modification time
}

// scan lists the entries and temporary files of the cache. Files that
// vanish during the scan (another process pruning) are skipped.
func (c *Cache) scan() (entries, temps []file, err error) {
	shards, err := os.ReadDir(c.dir)
	if err != nil {
		return nil, nil, fmt.Errorf("scan cache: %w", err)
	}
	for _, shard := range shards {
		// DirEntry types come from lstat, so a symlink is never followed.
		if !shard.IsDir() || !isShardName(shard.Name()) && shard.Name() != altName {
			continue
		}
		shardPath := filepath.Join(c.dir, shard.Name())
		names, err := os.ReadDir(shardPath)
		if err != nil {
			return nil, nil, fmt.Errorf("scan cache: %w", err)
		}
		for _, d := range names {
			kind := classify(shard.Name(), d.Name())
			if kind == notOurs || !d.Type().IsRegular() {
				continue
			}
			info, err := d.Info()
			if err != nil {
				continue
			}
			f := file{path: filepath.Join(shardPath, d.Name()), size: info.Size(), used: info.ModTime()}
			if kind == entryFile {
				entries = append(entries, f)
			} else {
				temps = append(temps, f)
			}
		}
	}
	return entries, temps, nil
}

func isShardName(name string) bool {
	return len(name) == 2 && isLowerHex(name)
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
			return false
		}
	}
	return true
}

type fileKind int

const (
	notOurs fileKind = iota
	entryFile
	tempFile
)

// classify tells entry files and Put's temporary files apart from anything
// else, which the cache never touches. In the alt folder any key may lie.
func classify(shard, name string) fileKind {
	const hexLen = 2 * sha256.Size
	if len(name) < hexLen || !isLowerHex(name[:hexLen]) || name[:2] != shard && shard != altName {
		return notOurs
	}
	switch rest := name[hexLen:]; {
	case rest == "":
		return entryFile
	case strings.HasPrefix(rest, tempMarker):
		return tempFile
	}
	return notOurs
}
