package prompts

import (
	"reflect"
	"strings"
)

// Untrusted text reaches a prompt only in a form that cannot write a fence
// marker: Fence defangs what it wraps, and Render defangs every string of
// the template data (escapeData) before a template sees it, so that a
// story name, source name, title or URL printed outside a fence, by a
// default or a user's template, cannot close or open one either.

// isOpen and isClose tell the characters that can write a fence marker's
// brackets: ASCII and the full-width and small forms a model may read as
// the same.
func isOpen(r rune) bool  { return r == '<' || r == '＜' || r == '﹤' }
func isClose(r rune) bool { return r == '>' || r == '＞' || r == '﹥' }

// defang breaks every run of three or more opening (or closing) brackets
// with spaces, so that no two brackets in a row are followed by a third:
// "<<<<<" becomes "<< << <". A fence marker needs three, so no text, of
// any run length, can hold one. Text without such a run is returned as is.
func defang(s string) string {
	if !hasRun(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	var runs bracketRuns
	for _, r := range s {
		if runs.next(r) == 3 {
			b.WriteByte(' ')
			runs.n = 1
		}
		b.WriteRune(r)
	}
	return b.String()
}

// hasRun reports whether s holds three brackets of one class in a row.
func hasRun(s string) bool {
	if !strings.ContainsAny(s, "<>＜＞﹤﹥") {
		return false
	}
	var runs bracketRuns
	for _, r := range s {
		if runs.next(r) >= 3 {
			return true
		}
	}
	return false
}

// bracketRuns follows the run of brackets of one class ('<' or '>') that
// a text's characters are in, one character at a time.
type bracketRuns struct {
	class rune // '<', '>' or 0
	n     int  // length of the current run
}

// next takes the text's next character and returns the length of the run
// of brackets it ends, or 0 when it is no bracket.
func (b *bracketRuns) next(r rune) int {
	c := rune(0)
	switch {
	case isOpen(r):
		c = '<'
	case isClose(r):
		c = '>'
	}
	if c != 0 && c == b.class {
		b.n++
	} else {
		b.class, b.n = c, 1
	}
	if c == 0 {
		return 0
	}
	return b.n
}

// escapeData returns a copy of v, the template data, with every string in
// it (in structs, slices, maps, pointers and interfaces, such as decoded
// JSON outputs) defanged. v itself is not modified.
func escapeData(v any) any {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return v
	}
	return escapeValue(rv).Interface()
}

func escapeValue(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		d := defang(s)
		if d == s {
			return v
		}
		out := reflect.New(v.Type()).Elem()
		out.SetString(d)
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := range v.NumField() {
			if f := out.Field(i); f.CanSet() {
				f.Set(escapeValue(v.Field(i)))
			}
		}
		return out
	case reflect.Slice:
		if v.IsNil() || v.Type().Elem().Kind() == reflect.Uint8 {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(escapeValue(v.Index(i)))
		}
		return out
	case reflect.Array:
		out := reflect.New(v.Type()).Elem()
		for i := range v.Len() {
			out.Index(i).Set(escapeValue(v.Index(i)))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(escapeValue(it.Key()), escapeValue(it.Value()))
		}
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(escapeValue(v.Elem()))
		return out
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type()).Elem()
		out.Set(escapeValue(v.Elem()))
		return out
	}
	return v
}
