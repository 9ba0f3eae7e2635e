package diff

import (
	"fmt"
	"strings"
)

// Pattern is a JSON Pointer pattern naming fields to leave out of a comparison: tokens
// separated by "/", where "*" stands for exactly one token and "**" for any number of
// tokens (none included). A pattern matches a pointer when it matches the pointer or one
// of its ancestors, so "/task_detail/sourceSelectedDatasource/where" leaves out every
// filter condition. Tokens are compared as written in pointers (RFC 6901 escapes "~0",
// "~1").
//
//	/task/description                           the envelope's description
//	/task_detail/mappingTable/*/isAddMapping    one attribute of every mapping
//	/**/extend_meta_data                        that key wherever it is
type Pattern struct {
	text   string
	tokens []string
}

// ParsePattern checks and compiles a pattern. It must start with "/" (the pointers of a
// report start with /task or /task_detail) and "**" must be a whole token.
func ParsePattern(s string) (Pattern, error) {
	if !strings.HasPrefix(s, "/") {
		return Pattern{}, fmt.Errorf("diff: ignore pattern %q: want a JSON Pointer pattern starting with / (e.g. /task/description)", s)
	}
	toks := strings.Split(s[1:], "/")
	for _, t := range toks {
		if strings.Contains(t, "**") && t != "**" {
			return Pattern{}, fmt.Errorf("diff: ignore pattern %q: ** must be a whole path segment", s)
		}
		if strings.Contains(t, "*") && t != "*" && t != "**" {
			return Pattern{}, fmt.Errorf("diff: ignore pattern %q: * must be a whole path segment", s)
		}
	}
	return Pattern{text: s, tokens: toks}, nil
}

// MustParsePattern is ParsePattern for patterns known to be valid; it panics otherwise.
func MustParsePattern(s string) Pattern {
	p, err := ParsePattern(s)
	if err != nil {
		panic(err)
	}
	return p
}

// String returns the pattern as written.
func (p Pattern) String() string { return p.text }

// Match reports whether the pattern matches ptr or one of its ancestors. The zero Pattern
// (not made by ParsePattern) matches nothing.
func (p Pattern) Match(ptr string) bool {
	if p.text == "" || !strings.HasPrefix(ptr, "/") {
		return false
	}
	return matchTokens(p.tokens, strings.Split(ptr[1:], "/"))
}

// matchTokens matches the pattern tokens against a prefix of the pointer tokens.
func matchTokens(p, s []string) bool {
	for len(p) > 0 {
		if p[0] == "**" {
			for k := 0; k <= len(s); k++ {
				if matchTokens(p[1:], s[k:]) {
					return true
				}
			}
			return false
		}
		if len(s) == 0 || (p[0] != "*" && p[0] != s[0]) {
			return false
		}
		p, s = p[1:], s[1:]
	}
	return true
}

// Ignore leaves out of the comparison every difference whose pointer a pattern matches
// (see Pattern): for fields a team never reviews. The report lists the patterns
// (Report.Ignored) and counts what they dropped (Summary.Ignored). Zero Patterns (not made
// by ParsePattern) are left out: they match nothing and are not listed.
func Ignore(patterns ...Pattern) Option {
	return func(c *config) {
		for _, p := range patterns {
			if p.text != "" {
				c.ignore = append(c.ignore, p)
			}
		}
	}
}

// dropIgnored removes the changes a pattern matches, returning the rest and how many
// were removed.
func dropIgnored(patterns []Pattern, cs []Change) ([]Change, int) {
	out := cs[:0]
	for _, c := range cs {
		ignored := false
		for _, p := range patterns {
			if p.Match(c.Pointer) {
				ignored = true
				break
			}
		}
		if !ignored {
			out = append(out, c)
		}
	}
	return out, len(cs) - len(out)
}
