// Package english holds the small wording helpers that the reports, the viewer and the
// command line share, so that a count reads the same everywhere.
package english

import "strconv"

// Plural writes n with word, adding an "s" unless n is 1: "1 change", "3 changes",
// "0 tasks". word must take a plain "s" plural.
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
