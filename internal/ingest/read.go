package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/summarize/summarize/internal/story"
)

// DefaultMaxFileBytes is the per-file size limit when Options leaves it 0.
const DefaultMaxFileBytes = 5 << 20

// Options tune discovery and loading.
type Options struct {
	// MaxFileBytes is the largest article file read; 0 means
	// DefaultMaxFileBytes. Larger files become a Problem.
	MaxFileBytes int64
	// FollowLinks lets Discover follow links that lead out of the folder
	// (or pattern) an input names; by default they are skipped with a
	// warning, so a link to /etc/passwd is never read as an article.
	FollowLinks bool
	// Namer, when not nil, names each article's outlet once it is read
	// (package sources implements it).
	Namer Namer
}

// Namer names the outlet of an article: it may set the article's Source
// and outlet labels, and returns a warning for the story ("" for none).
type Namer interface {
	Name(a *story.Article) (warning string)
}

func (o Options) maxFileBytes() int64 {
	if o.MaxFileBytes <= 0 {
		return DefaultMaxFileBytes
	}
	return o.MaxFileBytes
}

// extensions lists the accepted article file extensions; read only.
var extensions = []string{".txt", ".md", ".html", ".htm", ".json", ".jsonl"}

// Extensions returns the accepted article file extensions, lower case with
// their dot.
func Extensions() []string {
	return append([]string(nil), extensions...)
}

func accepted() string {
	return strings.Join(extensions, ", ")
}

// supported reports whether path has an accepted extension.
func supported(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// ignored reports whether a file or folder name is skipped by convention:
// names starting with "." are hidden files, names starting with "_" are
// companions such as the _truth.json ground truth kept beside examples.
func ignored(name string) bool {
	// sources.yaml beside the articles is the outlet registry (package
	// sources), read by the command, not an article file.
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "sources.yaml"
}

// readText reads a whole article file and checks that it is usable text:
// not too large, not empty, not binary, valid UTF-8. A leading UTF-8
// byte-order mark is removed. The errors are meant to be shown as they are.
func readText(path string, maxBytes int64) (string, error) {
	// Stat before opening: opening a named pipe would wait for a writer.
	info, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if info.IsDir() {
		return "", errors.New("is a folder, not a file")
	}
	if !info.Mode().IsRegular() {
		return "", fmt.Errorf("not a regular file (%s); it is never opened", info.Mode().Type())
	}
	f, err := openNoBlock(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	// The path may have been replaced since Stat.
	if info, err = f.Stat(); err != nil {
		return "", err
	}
	if !info.Mode().IsRegular() {
		return "", fmt.Errorf("not a regular file (%s)", info.Mode().Type())
	}
	if info.Size() > maxBytes {
		return "", tooLarge(info.Size(), maxBytes)
	}
	// The file may grow between Stat and reading: never read past the limit.
	var buf bytes.Buffer
	buf.Grow(int(info.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, maxBytes+1)); err != nil {
		return "", err
	}
	data := buf.Bytes()
	if int64(len(data)) > maxBytes {
		return "", tooLarge(int64(len(data)), maxBytes)
	}
	if err := checkText(data); err != nil {
		return "", err
	}
	return strings.TrimPrefix(string(data), "\uFEFF"), nil
}

func tooLarge(size, limit int64) error {
	exact := ""
	if size >= 1<<10 {
		exact = fmt.Sprintf(" (%d bytes)", size)
	}
	return fmt.Errorf("file is %s%s, over the %s limit (max_file_bytes)", byteSize(size), exact, byteSize(limit))
}

// checkText rejects data that is not UTF-8 text.
func checkText(data []byte) error {
	if len(bytes.TrimLeft(data, "\uFEFF")) == 0 {
		return errors.New("empty file")
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return errors.New("UTF-16 text (byte-order mark at the start); save it as UTF-8")
	}
	if order := utf16Order(data); order != "" {
		return fmt.Errorf("UTF-16 text (%s, without a byte-order mark); save it as UTF-8", order)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Errorf("binary file, not text (NUL byte at offset %d)", i)
	}
	if !utf8.Valid(data) {
		return fmt.Errorf("invalid UTF-8 at byte offset %d", invalidUTF8Offset(data))
	}
	return nil
}

// utf16Sample is how many leading bytes utf16Order looks at: enough for
// a few lines of text.
const utf16Sample = 1024

// utf16Order recognises UTF-16 text without a byte-order mark by the
// pattern Latin text takes in it, a NUL in every other byte, and names its
// byte order ("little-endian" or "big-endian"); "" for anything else.
// Without this, such a file would be called binary.
func utf16Order(data []byte) string {
	n := min(len(data), utf16Sample) &^ 1
	if n < 4 {
		return ""
	}
	var even, odd int // NUL bytes at even and odd offsets
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	// Most characters are Latin (high byte 0) and none is NUL.
	switch {
	case odd*10 >= pairs*6 && even == 0:
		return "little-endian"
	case even*10 >= pairs*6 && odd == 0:
		return "big-endian"
	}
	return ""
}

// invalidUTF8Offset returns the offset of the first byte of data that does
// not start a valid UTF-8 sequence.
func invalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// byteSize formats n for people: "812 bytes", "4.5 KiB", "5 MiB".
func byteSize(n int64) string {
	units := []string{"KiB", "MiB", "GiB", "TiB"}
	if n < 1<<10 {
		return fmt.Sprintf("%d bytes", n)
	}
	v := float64(n) / (1 << 10)
	i := 0
	for v >= 1<<10 && i < len(units)-1 {
		v /= 1 << 10
		i++
	}
	s := strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0")
	return s + " " + units[i]
}
