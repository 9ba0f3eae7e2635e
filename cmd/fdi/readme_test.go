package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestREADMEUsageBlock: the README's synopsis of the command line (the first code block
// of "## The command line") names, per command, exactly the flags "fdi COMMAND -h"
// lists, so that neither can change without the other.
func TestREADMEUsageBlock(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, "\n## The command line\n")
	if i < 0 {
		t.Fatal(`README has no "## The command line" section`)
	}
	start := strings.Index(text[i:], "```text\n")
	if start < 0 {
		t.Fatal("the command line section has no text block")
	}
	block := text[i+start+len("```text\n"):]
	block = block[:strings.Index(block, "```")]

	flagRE := regexp.MustCompile(`(?:^|[\s\[(|])--?([a-z][a-z-]*)`)
	documented := map[string][]string{}
	cmd := ""
	for _, line := range strings.Split(block, "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "fdi" {
			cmd = f[1]
		}
		for _, m := range flagRE.FindAllStringSubmatch(line, -1) {
			if !slices.Contains(documented[cmd], m[1]) {
				documented[cmd] = append(documented[cmd], m[1])
			}
		}
	}
	commands := []string{"validate", "diff", "accept", "fetch", "schema", "shape", "textconv", "version"}
	for _, c := range commands {
		code, out, errOut := runFDI(t, "", c, "-h")
		if code != 0 {
			t.Fatalf("fdi %s -h: exit %d", c, code)
		}
		var real []string
		for _, m := range regexp.MustCompile(`(?m)^  -([a-z][a-z-]*)`).FindAllStringSubmatch(out+errOut, -1) {
			real = append(real, m[1])
		}
		doc := documented[c]
		slices.Sort(doc)
		slices.Sort(real)
		if !slices.Equal(doc, real) {
			t.Errorf("fdi %s: the README's synopsis names %v; -h lists %v", c, doc, real)
		}
	}
	for c := range documented {
		if !slices.Contains(commands, c) {
			t.Errorf("the README's synopsis has a command %q that this test does not know", c)
		}
	}
}
