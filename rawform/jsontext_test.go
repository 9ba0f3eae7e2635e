package rawform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fdireview/fdireview/internal/jsonptr"
)

// TestDecodeMatchesEncodingJSON: on valid input the decoder builds the same tree as
// encoding/json with UseNumber.
func TestDecodeMatchesEncodingJSON(t *testing.T) {
	inputs := []string{
		`{}`, `[]`, `0`, `-1.5e+10`, `1e400`, `-2E-0400`, `1e0000000000000000000001`, `"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"`, `true`, `null`,
		`{"a":[1,{"b":null}],"c":"ünïcödé","d":{"e":[]}}`,
		" \t\n{ \"k\" : [ 1 , 2 ] } \n",
	}
	for _, in := range inputs {
		tree, probs := decodeTree([]byte(in), 64, "")
		got := generic(tree)
		if len(probs) != 0 {
			t.Errorf("decode(%q): %v", in, probs)
			continue
		}
		dec := json.NewDecoder(strings.NewReader(in))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decode(%q) = %#v, want %#v", in, got, want)
		}
	}
}

func TestDecodeProblems(t *testing.T) {
	tests := []struct {
		in        string
		code      Code
		pointer   string
		line, col int
	}{
		{`{"a":1,}`, CodeSyntax, "", 1, 8},
		{`{"a":[1,2,x]}`, CodeSyntax, "/a/2", 1, 11},
		{"{\n  \"a\": tru\n}", CodeSyntax, "/a", 2, 8},
		{`{"a":1,"a":2}`, CodeDuplicateKey, "/a", 1, 8},
		{`"a` + "\xff" + `"`, CodeSyntax, "", 1, 3},
		{`"\ud800"`, CodeSyntax, "", 1, 2},
		{`"tab	in"`, CodeSyntax, "", 1, 5},
		{`01`, CodeSyntax, "", 1, 2},
		{`1.`, CodeSyntax, "", 1, 1},
		{`{"a":1} x`, CodeSyntax, "", 1, 9},
		{``, CodeSyntax, "", 1, 1},
		{`[[[[1]]]]`, CodeLimit, "/0/0/0", 1, 4},
		{`{"n":1e1000001}`, CodeLimit, "/n", 1, 6},
		{`[1E-401]`, CodeLimit, "/0", 1, 2},
		{`[` + strings.Repeat("9", 401) + `]`, CodeLimit, "/0", 1, 2},
	}
	for _, tt := range tests {
		_, probs := decodeTree([]byte(tt.in), 3, "")
		if len(probs) != 1 {
			t.Errorf("decode(%q): %d problems %v, want 1", tt.in, len(probs), probs)
			continue
		}
		p := probs[0]
		if p.Code != tt.code || p.Pointer != tt.pointer || p.Line != tt.line || p.Column != tt.col {
			t.Errorf("decode(%q) = %s %q %d:%d (%s), want %s %q %d:%d", tt.in, p.Code, p.Pointer, p.Line, p.Column, p.Message, tt.code, tt.pointer, tt.line, tt.col)
		}
	}
}

func TestDecodeBOM(t *testing.T) {
	v, probs := decodeTree([]byte("\xef\xbb\xbf{\"a\":1}"), 8, "")
	v = generic(v)
	if len(probs) != 0 || !reflect.DeepEqual(v, map[string]any{"a": json.Number("1")}) {
		t.Errorf("BOM: %v %v", v, probs)
	}
}

func TestLocate(t *testing.T) {
	doc := []byte("{\"a\": {\"b/c\": [10, {\"d\": \"x\"}]},\n \"e~f\": true}")
	tests := []struct {
		ptr  string
		want string // text at the offset
	}{
		{"", "{\"a\""},
		{"/a", "{\"b/c\""},
		{"/a/b~1c", "[10"},
		{"/a/b~1c/0", "10"},
		{"/a/b~1c/1/d", "\"x\""},
		{"/e~0f", "true"},
		{"/a/missing", "{\"b/c\""},      // deepest existing ancestor
		{"/a/b~1c/7", "[10"},            // index out of range
		{"/a/b~1c/1/d/deeper", "\"x\""}, // below a scalar
	}
	var ptrs [][]string
	for _, tt := range tests {
		ptrs = append(ptrs, jsonptr.Split(tt.ptr))
	}
	offs := locateAll(doc, ptrs)
	for i, tt := range tests {
		off := offs[i]
		if !bytes.HasPrefix(doc[off:], []byte(tt.want)) {
			t.Errorf("locateAll(%q) = %d (%.10q), want at %q", tt.ptr, off, doc[off:], tt.want)
		}
		// One pointer alone gives the same answer as in company.
		if one := locateAll(doc, ptrs[i:i+1])[0]; one != off {
			t.Errorf("locateAll(%q) alone = %d, with others = %d", tt.ptr, one, off)
		}
	}
}

func TestEncoderStrings(t *testing.T) {
	for _, s := range []string{"plain", "quote\" back\\slash", "ctl\x01\n\t", "<html>&", "ünï😀", "\u2028"} {
		e := &encoder{}
		e.str(s)
		var back string
		if err := json.Unmarshal(e.b, &back); err != nil || back != s {
			t.Errorf("str(%q) = %s → %q, %v", s, e.b, back, err)
		}
	}
}

func TestQuotedNames(t *testing.T) {
	got := quotedNames(`additionalProperties 'a', 'it\'s', 'q"x' not allowed`)
	want := []string{"a", "it's", `q"x`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("quotedNames = %q, want %q", got, want)
	}
}

func TestLineIndex(t *testing.T) {
	doc := []byte("ab\ncd\n\nefg")
	lines := newLineIndex(doc)
	tests := []struct{ off, line, col int }{{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {6, 3, 1}, {7, 4, 1}, {9, 4, 3}, {10, 4, 4}}
	for _, tt := range tests {
		if l, c := lines.lineCol(tt.off); l != tt.line || c != tt.col {
			t.Errorf("lineCol(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
	// Every offset of documents around the checkpoint stride agrees with counting.
	for _, n := range []int{0, 1, lineStride - 1, lineStride, lineStride + 1, 3*lineStride + 7} {
		for _, every := range []int{1, 2, 7, lineStride, n + 1} {
			doc := bytes.Repeat([]byte("x"), n)
			for i := every - 1; i < n; i += every {
				doc[i] = '\n'
			}
			lines := newLineIndex(doc)
			line, col := 1, 1
			for off := 0; off <= n; off++ {
				if l, c := lines.lineCol(off); l != line || c != col {
					t.Fatalf("len %d, newline every %d: lineCol(%d) = %d:%d, want %d:%d", n, every, off, l, c, line, col)
				}
				if off < n && doc[off] == '\n' {
					line, col = line+1, 1
				} else {
					col++
				}
			}
		}
	}
}

func TestMappingFlagsIndex(t *testing.T) {
	if got := detailFields[mappingFlagsIndex].key; got != "mappingSourceTextOrNot" {
		t.Errorf("detailFields[mappingFlagsIndex] is %q, want mappingSourceTextOrNot", got)
	}
}

// TestLongEscapedStrings: strings past the sizing window decode like encoding/json's, the
// first one sized to the rest of the input and the others by a pass to their end, with
// escapes straddling the window's edge.
func TestLongEscapedStrings(t *testing.T) {
	long := func(n int, esc string) string {
		var b strings.Builder
		for b.Len() < n {
			b.WriteString("ab")
			b.WriteString(esc)
		}
		return b.String()
	}
	for _, doc := range []string{
		`{"a":"` + long(sizingWindow-1, `\"`) + `","b":"` + long(3*sizingWindow, `\\`) + `","c":"` + long(2*sizingWindow, `\n\u00e9`) + `"}`,
		`{"short":"x\ny","big":"` + long(5*sizingWindow, `\"`) + `"}`,
		`["` + strings.Repeat(`\\`, sizingWindow) + `\"", "` + long(sizingWindow+1, `\t`) + `"]`,
	} {
		var want any
		if err := json.Unmarshal([]byte(doc), &want); err != nil {
			t.Fatal(err)
		}
		tree, probs := decodeTree([]byte(doc), 64, "")
		got := generic(tree)
		if len(probs) > 0 {
			t.Fatalf("problems %v", probs)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decoded %.80v…, want %.80v…", got, want)
		}
	}
	if got := stringEnd([]byte(`ab\\\"c"x`), 0); got != 7 {
		t.Errorf("stringEnd = %d, want 7", got)
	}
	if got := stringEndWithin([]byte(`abcdef"`), 0, 3); got != -1 {
		t.Errorf("stringEndWithin past the window = %d, want -1", got)
	}
}

// FuzzDecode holds the decoder to encoding/json on any input: what it accepts without a
// problem is valid JSON and decodes to the same value; valid UTF-8 JSON is never a syntax
// error (only a limit or repeated keys); and with repeated keys the first value stays.
func FuzzDecode(f *testing.F) {
	var big strings.Builder
	big.WriteString(`{"z":{"a":1,"a":2},`)
	for i := range linearMax + 8 {
		fmt.Fprintf(&big, `"k%d":[%d,{"x":"\u00e9"}],`, (i*7)%(linearMax+3), i)
	}
	big.WriteString(`"z":0}`)
	for _, s := range []string{`{}`, `{"a":1,"a":2}`, `[{"b":"\"x\\"}]`, `{"a":{"b":{"c":[1e5,-0.5,true,null]}}}`,
		"\xef\xbb\xbf{\"a\":1}", `{"k":"\ud83d\ude00"}`, big.String()} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tree, probs := decodeTree(data, 32, "")
		body := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		dups, other := 0, 0
		for _, p := range probs {
			switch p.Code {
			case CodeDuplicateKey:
				dups++
			case CodeLimit:
				if strings.Contains(p.Message, "more problems") {
					dups++ // the count of repeated keys past maxProblems
				} else {
					other++
				}
			default:
				other++
			}
			if p.Line < 1 || p.Column < 1 || p.Offset < 0 || p.Offset > len(data) {
				t.Fatalf("problem without a position: %+v", p)
			}
		}
		valid := json.Valid(body) && utf8.Valid(body)
		if len(probs) == 0 {
			if !valid {
				t.Fatalf("accepted invalid JSON %q", data)
			}
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.UseNumber()
			var want any
			if err := dec.Decode(&want); err != nil {
				t.Fatal(err)
			}
			if got := generic(tree); !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded %v, encoding/json %v", got, want)
			}
			return
		}
		if valid && other == 0 && tree == nil {
			t.Fatalf("valid JSON with only repeated keys not decoded: %v", probs)
		}
		if valid && other > 0 {
			for _, p := range probs {
				// A lone UTF-16 surrogate is refused on purpose (encoding/json turns it into
				// U+FFFD, changing the text); anything else would be a decoder bug.
				if p.Code == CodeSyntax && !strings.Contains(p.Message, "surrogate") {
					t.Fatalf("syntax error on valid JSON %q: %v", data, p)
				}
			}
		}
		if tree != nil && dups > 0 {
			checkFirstWins(t, tree)
		}
	})
}

// checkFirstWins checks that no object of tree holds a key twice and that large objects
// are sorted.
func checkFirstWins(t *testing.T, v any) {
	switch x := v.(type) {
	case *object:
		seen := map[string]bool{}
		for _, m := range x.members {
			if seen[m.key] {
				t.Fatalf("key %q kept twice", m.key)
			}
			seen[m.key] = true
			checkFirstWins(t, m.val)
		}
		if x.sorted() && !slices.IsSortedFunc(x.members, func(a, b member) int { return strings.Compare(a.key, b.key) }) {
			t.Fatal("large object not sorted")
		}
	case []any:
		for _, it := range x {
			checkFirstWins(t, it)
		}
	}
}
