package rawform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Enc records how the wire spelled a number or a boolean, so that encoding reproduces it.
type Enc uint8

const (
	// EncNone: the value was absent (or the zero value was constructed in Go).
	EncNone Enc = iota
	// EncLiteral: a JSON number (11) or a JSON boolean (true).
	EncLiteral
	// EncString: a JSON string holding the number ("11") or the word ("true"/"false").
	EncString
	// EncDigit: a boolean as the string "0" or "1".
	EncDigit
	// EncEmpty: the empty string "": no value was given.
	EncEmpty
)

// Int is a whole number the wire may write as a JSON number or as a string ("11"), or
// leave empty (""). Value is meaningful only when Known reports true.
type Int struct {
	Value int64
	Enc   Enc
}

// Known reports whether the Int holds a number (it was not absent and not "").
func (i Int) Known() bool { return i.Enc == EncLiteral || i.Enc == EncString }

// String returns the number in decimal, or "" when it is not known.
func (i Int) String() string {
	if !i.Known() {
		return ""
	}
	return strconv.FormatInt(i.Value, 10)
}

// MarshalJSON writes the number in its original spelling: 11, "11" or "".
// A constructed Int (EncNone) with a value is written as a string, as FDI does.
func (i Int) MarshalJSON() ([]byte, error) {
	switch i.Enc {
	case EncLiteral:
		return strconv.AppendInt(nil, i.Value, 10), nil
	case EncEmpty:
		return []byte(`""`), nil
	case EncNone:
		if i.Value == 0 {
			return []byte(`""`), nil
		}
	}
	return strconv.AppendQuote(nil, strconv.FormatInt(i.Value, 10)), nil
}

// UnmarshalJSON reads 11, "11" or "". Signs, spaces, exponents, fractions and leading
// zeros are refused: the value must read back exactly as written.
func (i *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" {
			*i = Int{Enc: EncEmpty}
			return nil
		}
		n, err := parseCanonicalInt(s)
		if err != nil {
			return err
		}
		*i = Int{Value: n, Enc: EncString}
		return nil
	}
	n, err := parseCanonicalInt(string(b))
	if err != nil {
		return err
	}
	*i = Int{Value: n, Enc: EncLiteral}
	return nil
}

// parseCanonicalInt accepts only 0 or a non-negative decimal without leading zeros.
func parseCanonicalInt(s string) (int64, error) {
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	for j := 0; j < len(s); j++ {
		if s[j] < '0' || s[j] > '9' {
			return 0, fmt.Errorf("%q is not a whole number", s)
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is out of range", s)
	}
	return n, nil
}

// Bool is a boolean the wire may write as true/false, "true"/"false" or "0"/"1".
// Value is meaningful only when Known reports true.
type Bool struct {
	Value bool
	Enc   Enc
}

// Known reports whether the Bool holds a value.
func (b Bool) Known() bool { return b.Enc != EncNone && b.Enc != EncEmpty }

// String returns "true", "false", or "" when unknown.
func (b Bool) String() string {
	if !b.Known() {
		return ""
	}
	return strconv.FormatBool(b.Value)
}

// MarshalJSON writes the boolean in its original spelling. A constructed Bool (EncNone)
// is written as a JSON boolean.
func (b Bool) MarshalJSON() ([]byte, error) {
	switch b.Enc {
	case EncString:
		return []byte(strconv.Quote(strconv.FormatBool(b.Value))), nil
	case EncDigit:
		if b.Value {
			return []byte(`"1"`), nil
		}
		return []byte(`"0"`), nil
	case EncEmpty:
		return []byte(`""`), nil
	}
	return []byte(strconv.FormatBool(b.Value)), nil
}

// UnmarshalJSON reads true, false, "true", "false", "0", "1" or "".
func (b *Bool) UnmarshalJSON(data []byte) error {
	switch string(bytes.TrimSpace(data)) {
	case "true":
		*b = Bool{Value: true, Enc: EncLiteral}
	case "false":
		*b = Bool{Value: false, Enc: EncLiteral}
	case `"true"`:
		*b = Bool{Value: true, Enc: EncString}
	case `"false"`:
		*b = Bool{Value: false, Enc: EncString}
	case `"1"`:
		*b = Bool{Value: true, Enc: EncDigit}
	case `"0"`:
		*b = Bool{Value: false, Enc: EncDigit}
	case `""`:
		*b = Bool{Enc: EncEmpty}
	default:
		return fmt.Errorf("%s is not a boolean (want true, false, \"true\", \"false\", \"0\" or \"1\")", data)
	}
	return nil
}
