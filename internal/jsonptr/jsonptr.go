// Package jsonptr escapes, unescapes and splits JSON Pointers (RFC 6901). rawform, diff,
// textconv and the viewer all name places in a task by pointer; they share this one
// spelling of the escaping rules ("~" is "~0", "/" is "~1").
package jsonptr

import "strings"

var (
	escaper   = strings.NewReplacer("~", "~0", "/", "~1")
	unescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

// Escape escapes one reference token: Escape("a/b~c") is "a~1b~0c".
func Escape(token string) string {
	if !strings.ContainsAny(token, "~/") {
		return token
	}
	return escaper.Replace(token)
}

// Unescape undoes Escape: Unescape("a~1b~0c") is "a/b~c".
func Unescape(token string) string {
	if !strings.Contains(token, "~") {
		return token
	}
	return unescaper.Replace(token)
}

// Split splits a pointer into its unescaped reference tokens; "" (the whole document) has
// none: Split("/a~1b/0") is ["a/b", "0"].
func Split(ptr string) []string {
	if ptr == "" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, s := range parts {
		parts[i] = Unescape(s)
	}
	return parts
}
