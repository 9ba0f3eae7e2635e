package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestREADMEFlagTable: the README's table of viewer flags names exactly the flags the
// viewer has (its -h output), so that neither can change without the other.
func TestREADMEFlagTable(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "\n## The viewer\n")
	if start < 0 {
		t.Fatal(`README has no "## The viewer" section`)
	}
	section := text[start+1:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	table := strings.Index(section, "| flag | default | meaning |")
	if table < 0 {
		t.Fatal("the viewer section has no flag table")
	}
	var documented []string
	for _, line := range strings.Split(section[table:], "\n")[2:] {
		if !strings.HasPrefix(line, "| ") {
			break
		}
		first := strings.SplitN(line, "|", 3)[1]
		for _, m := range regexp.MustCompile("`--([a-z-]+)`").FindAllStringSubmatch(first, -1) {
			documented = append(documented, m[1])
		}
	}

	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, &out, &errb); code != 0 {
		t.Fatalf("viewer -h: exit %d", code)
	}
	var real []string
	for _, m := range regexp.MustCompile(`(?m)^  -([a-z-]+)`).FindAllStringSubmatch(out.String()+errb.String(), -1) {
		real = append(real, m[1])
	}
	if len(real) < 5 {
		t.Fatalf("found only %v in the usage:\n%s%s", real, out.String(), errb.String())
	}
	slices.Sort(documented)
	slices.Sort(real)
	if !slices.Equal(documented, real) {
		t.Errorf("README documents the flags %v; the viewer has %v", documented, real)
	}
}
