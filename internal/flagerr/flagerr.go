// Package flagerr says the standard flag package's parse errors the way the fdi command
// and the viewer spell their flags in help and README (--max-bytes, -o), in one line:
//
//	flag provided but not defined: -bogus          → unknown flag --bogus
//	flag needs an argument: -format                → --format needs a value
//	invalid value "lots" for flag -max-bytes: …    → --max-bytes "lots": …
package flagerr

import "regexp"

var rewrites = []struct {
	re  *regexp.Regexp
	say func(m []string) string
}{
	{regexp.MustCompile(`^flag provided but not defined: -+(.*)$`), func(m []string) string { return "unknown flag " + Name(m[1]) }},
	{regexp.MustCompile(`^flag needs an argument: -+(.*)$`), func(m []string) string { return Name(m[1]) + " needs a value" }},
	{regexp.MustCompile(`(?s)^invalid (?:boolean )?value (".*") for (?:flag )?-+([^:]*): (.*)$`), func(m []string) string { return Name(m[2]) + " " + m[1] + ": " + m[3] }},
}

// Say returns err's message, reworded when it is one of the flag package's.
func Say(err error) string {
	msg := err.Error()
	for _, r := range rewrites {
		if m := r.re.FindStringSubmatch(msg); m != nil {
			return r.say(m)
		}
	}
	return msg
}

// Name writes a flag name as the help does: one letter with one dash (-o), longer names
// with two (--max-bytes).
func Name(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}
