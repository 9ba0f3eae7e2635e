package diff

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/fdireview/fdireview/rawform"
)

// This file holds the machinery of the per-database type tables: what a row says, how a
// type as written on the wire ("NUMBER(10,2)", "int unsigned", "TIMESTAMP(6) WITH TIME
// ZONE", "Nullable(Int32)") is read, and how a row and a declared length become the set of
// values an endpoint holds (valueSet). The rows themselves are data, one file per
// database: types_mysql.go, types_oracle.go, types_postgres.go (PostgreSQL and openGauss),
// types_sqlserver.go, types_dws.go, types_hive.go, types_clickhouse.go. The judgement of a
// source value set into a target value set is in severity.go.

// unit says what a declared length counts.
type unit int

const (
	unitNone     unit = iota // the length does not limit values (MySQL INT(11): a display width)
	unitChars                // characters
	unitBytes                // bytes (text in a multi-byte encoding holds fewer characters)
	unitDigits               // decimal digits of precision (DECIMAL(p,s), NUMBER(p,s))
	unitFraction             // digits of fractional seconds (TIMESTAMP(6), DATETIME2(7))
	unitBits                 // bits (MySQL BIT(n))
)

// size is a length or capacity in a row's unit: unknown (the zero size), a number, or
// unbounded.
type size struct {
	known bool
	n     int64 // < 0: unbounded
}

var unbounded = size{known: true, n: -1}

// of is a known length.
func of(n int64) size { return size{known: true, n: n} }

func (s size) unbounded() bool { return s.known && s.n < 0 }

// grain is how much of a date a temporal type keeps.
type grain int

const (
	noDate   grain = iota // a time of day only (TIME)
	yearOnly              // a year only (MySQL YEAR)
	fullDate              // year, month and day
)

// typeRule is one row of a dialect's type table: what a type (under each of its names)
// holds. The zero value of each field is the common case, so a row names only what is
// particular to it.
type typeRule struct {
	names string // the spellings, upper case, "|"-separated; "TINYINT(1)" matches that length only
	fam   family

	// Numbers.
	bits     int  // an integer's width in bits (TINYINT 8 … BIGINT 64); 0: counted in digits instead
	unsigned bool // no negative values (SQL Server TINYINT, ClickHouse UInt32); "UNSIGNED" written after a type sets it too
	approx   int  // floating point: the decimal digits it keeps (FLOAT 6, DOUBLE 15); 0 for exact numbers
	scale    int  // a decimal's scale when only the precision is declared (DECIMAL(10) = DECIMAL(10,0))
	scaleArg bool // the first argument is the scale, the precision fixed (ClickHouse Decimal64(S))

	// Length: what the declared length counts, the length when none is declared (a declared
	// length of 0 is none declared: FDI writes "0" for types without one), and the most the
	// type holds whatever is declared (its capacity).
	unit  unit
	none  size // the length when none is declared; unknown when the type requires one
	fixed size // the capacity whatever is declared (MySQL TEXT: 65535 bytes; CLOB: unbounded)
	max   size // the largest length that can be declared
	over  size // what a length beyond max means (SQL Server's metadata writes 2147483647 for (MAX)); unknown: max
	// Text.
	codePage bool // holds only the characters of a code page, not all of Unicode (SQL Server VARCHAR)

	// Dates and times.
	date   grain  // how much of a date it keeps (temporal rows; noDate for TIME)
	clock  bool   // keeps a time of day
	minute bool   // keeps no seconds (SQL Server SMALLDATETIME)
	tz     bool   // keeps or converts a time zone (TIMESTAMP WITH TIME ZONE, MySQL TIMESTAMP, timestamptz)
	years  [2]int // the first and last year it holds; zero: no limit worth naming
	bound  string // how the range is written in the docs, when the years round it ("1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC")

	note     string // the rule in words, named in a sentence on fractional seconds ("Oracle DATE keeps seconds but not fractions")
	zoneNote string // the type's time zone rule, named in a sentence on time zones ("MySQL TIMESTAMP converts …")
	doc      string // the database's documentation page for this row
}

// dialect is one database's type table.
type dialect struct {
	name  string   // as people write it: "MySQL", "PostgreSQL"
	types []string // the FDI data source types it serves (targetDatasourceType values)
	rows  []typeRule
	// loses says what happens to a value the target cannot hold: "are rejected" by
	// default; Hive writes NULL instead.
	loses string

	index map[string]*typeRule // every name of every row; built once, when the package is initialised
}

// dialects lists every supported database, in the order the documentation lists them.
// The tables are read-only once indexed.
var dialects = indexed(&mysqlDialect, &oracleDialect, &postgresDialect, &openGaussDialect, &sqlServerDialect, &dwsDialect, &hiveDialect, &clickHouseDialect)

// indexed builds each dialect's index of names: the first row naming a type wins, so a
// dialect's own rows come before the ones it shares with another (openGauss and DWS
// before PostgreSQL's).
func indexed(ds ...*dialect) []*dialect {
	for _, d := range ds {
		d.index = make(map[string]*typeRule)
		for i := range d.rows {
			for _, name := range strings.Split(d.rows[i].names, "|") {
				name = strings.TrimSpace(name)
				if _, dup := d.index[name]; !dup {
					d.index[name] = &d.rows[i]
				}
			}
		}
	}
	return ds
}

// dialectFor returns the dialect of an FDI data source type ("MYSQL", "ORACLE"), or nil
// for a type without a table (an API, a message queue, a database fdireview does not
// know, or none given).
func dialectFor(datasourceType string) *dialect {
	t := strings.ToUpper(strings.TrimSpace(datasourceType))
	if t == "" {
		return nil
	}
	for _, d := range dialects {
		for _, name := range d.types {
			if name == t {
				return d
			}
		}
	}
	return nil
}

// lookup finds the row of a parsed type: first under its name with its one length
// ("TINYINT(1)"), then under its name alone. nil when the dialect has no such type.
func (d *dialect) lookup(p parsedType, length rawform.Int) *typeRule {
	if d == nil {
		return nil
	}
	n, ok := int64(0), false
	switch {
	case len(p.args) == 1:
		n, ok = p.args[0], true
	case len(p.args) == 0 && length.Known():
		n, ok = length.Value, true
	}
	if ok {
		if r := d.index[p.base+"("+strconv.FormatInt(n, 10)+")"]; r != nil {
			return r
		}
	}
	return d.index[p.base]
}

func (d *dialect) lost() string {
	if d == nil || d.loses == "" {
		return "are rejected"
	}
	return d.loses
}

// parsedType is a type as written, taken apart.
type parsedType struct {
	base     string  // upper case, single spaces, without arguments and modifiers: "TIMESTAMP WITH TIME ZONE"
	args     []int64 // the numbers in its first parentheses: "NUMBER(10,2)" → 10, 2
	max      bool    // "(MAX)": SQL Server's unbounded VARCHAR(MAX)
	chars    bool    // "(64 CHAR)": Oracle character length semantics
	bytes    bool    // "(64 BYTE)"
	unsigned bool    // UNSIGNED or ZEROFILL
	zone     bool    // a time zone argument ("DateTime('Asia/Shanghai')")
}

// parseType reads a type as written. It accepts any string: what it does not understand
// stays in base, which then matches no row.
func parseType(s string) parsedType {
	var p parsedType
	if plainName(s) { // "VARCHAR", "INT", "DOUBLE PRECISION": most types, read without allocating
		p.base = s
		return p
	}
	t := strings.ToUpper(strings.TrimSpace(s))
	// ClickHouse wrappers say nothing about the values: Nullable(Int32) holds Int32's.
	for _, w := range []string{"NULLABLE(", "LOWCARDINALITY("} {
		for strings.HasPrefix(t, w) && strings.HasSuffix(t, ")") {
			t = strings.TrimSpace(t[len(w) : len(t)-1])
		}
	}
	var outside strings.Builder
	first := true
	for t != "" {
		i := strings.IndexAny(t, "(<")
		if i < 0 {
			outside.WriteString(t)
			break
		}
		outside.WriteString(t[:i])
		outside.WriteByte(' ')
		closing := byte(')')
		if t[i] == '<' {
			closing = '>'
		}
		j := matching(t, i, closing)
		if first && t[i] == '(' {
			p.readArgs(t[i+1 : j])
		}
		first = false
		if j >= len(t) {
			break
		}
		t = t[j+1:]
	}
	words := strings.Fields(outside.String())
	kept := words[:0]
	for i := 0; i < len(words); i++ {
		switch w := words[i]; {
		case w == "UNSIGNED" || w == "ZEROFILL":
			p.unsigned = true
		case w == "SIGNED":
		case w == "WITHOUT" && i+2 < len(words) && words[i+1] == "TIME" && words[i+2] == "ZONE":
			i += 2 // TIMESTAMP WITHOUT TIME ZONE is TIMESTAMP
		default:
			kept = append(kept, w)
		}
	}
	p.base = strings.Join(kept, " ")
	return p
}

// plainName reports whether a type is written as a bare upper-case name, single-spaced,
// with nothing parseType would take apart: no arguments and no modifier.
func plainName(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ' ') {
			return false
		}
	}
	for _, w := range []string{"UNSIGNED", "ZEROFILL", "SIGNED", "WITHOUT", "NULLABLE", "LOWCARDINALITY"} {
		if strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// matching returns the index of the bracket closing the one at t[open], or len(t) when it
// is never closed.
func matching(t string, open int, closing byte) int {
	depth := 0
	for k := open; k < len(t); k++ {
		switch t[k] {
		case t[open]:
			depth++
		case closing:
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return len(t)
}

func (p *parsedType) readArgs(s string) {
	for _, a := range strings.Split(s, ",") {
		f := strings.Fields(a)
		if len(f) == 0 {
			continue
		}
		switch {
		case f[0] == "MAX":
			p.max = true
			continue
		case strings.HasPrefix(f[0], "'"):
			p.zone = true
			continue
		case f[0] == "*": // Oracle NUMBER(*,s): the largest precision, 38
			p.args = append(p.args, 38)
			continue
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || n < 0 {
			continue
		}
		p.args = append(p.args, n)
		if len(f) > 1 {
			p.chars = p.chars || f[1] == "CHAR"
			p.bytes = p.bytes || f[1] == "BYTE"
		}
	}
}

// valueSet is what an endpoint holds: its type's row read with its declared length.
type valueSet struct {
	typ       string      // the type as written
	length    rawform.Int // the length field
	d         *dialect    // nil: no table for the data source
	rule      *typeRule
	fam       family
	ownLength bool // the type carries its own length ("VARCHAR(20)", "TIMESTAMP(6)"): the length field is not read

	// Numbers.
	bits     int // integer width; 0: counted in digits
	unsigned bool
	approx   int
	prec     size // decimal digits in all (unbounded for NUMBER, numeric)
	scale    int  // digits after the point
	scaleOK  bool // scale known

	// Text and binaries.
	unit     unit
	size     size // in unit
	codePage bool

	// Dates and times.
	date   grain
	clock  bool
	minute bool
	frac   size // fractional-second digits
	tz     bool
	years  [2]int
}

// readEndpoint reads a type and its declared length (the mapping's or column's length
// field) with a dialect's table. Without a dialect, or for a type the table does not
// have, only the type's family is known (rawform.TypeFamily), and for integers the MySQL
// width of the name, as before there were tables.
func readEndpoint(d *dialect, typ string, length rawform.Int) valueSet {
	p := parseType(typ)
	v := valueSet{typ: typ, length: length, d: d, unsigned: p.unsigned}
	r := d.lookup(p, length)
	if r == nil {
		v.fam = familyOf(typ)
		if v.fam == famInteger {
			v.bits = integerBits[rawform.BaseType(typ)]
		}
		if length.Known() { // compared as a plain number, as before there were tables
			v.size = of(length.Value)
		}
		return v
	}
	v.rule, v.fam = r, r.fam
	v.ownLength = (len(p.args) > 0 || p.max) && !r.fixed.known
	v.bits, v.approx = r.bits, r.approx
	v.unsigned = v.unsigned || r.unsigned
	v.codePage = r.codePage
	v.date, v.clock, v.minute, v.tz, v.years = r.date, r.clock, r.minute, r.tz, r.years
	v.unit = r.unit

	// The declared length: the type's own argument, else the length field (0 is none).
	declared := size{}
	switch {
	case p.max:
		declared = unbounded
	case len(p.args) > 0 && !r.scaleArg:
		declared = of(p.args[0])
	case len(p.args) == 0 && length.Known() && length.Value != 0:
		if length.Value < 0 { // SQL Server's metadata writes -1 for (MAX)
			declared = unbounded
		} else {
			declared = of(length.Value)
		}
		if r.unit == unitFraction {
			declared = fractionFromLength(length.Value)
		}
	}
	if !declared.known {
		declared = r.none
	}
	if r.max.known && declared.known && !declared.unbounded() && !r.max.unbounded() && declared.n > r.max.n {
		declared = cmp.Or(r.over, r.max)
	}
	if r.fixed.known {
		declared = r.fixed
	}

	switch r.unit {
	case unitChars, unitBytes:
		v.size = declared
		if p.chars {
			v.unit = unitChars
		} else if p.bytes {
			v.unit = unitBytes
		}
	case unitDigits:
		v.prec, v.scale, v.scaleOK = declared, r.scale, true
		switch {
		case r.scaleArg && len(p.args) > 0:
			v.scale = int(min(p.args[0], 1000))
		case len(p.args) > 1:
			v.scale = int(min(p.args[1], 1000))
		case len(p.args) == 0 && length.Known() && length.Value != 0:
			v.scaleOK = false // the length field carries no scale
		}
		if declared.unbounded() {
			v.scaleOK = false
		}
	case unitFraction:
		v.frac = declared
	case unitBits:
		if declared.known && !declared.unbounded() {
			v.bits = int(min(declared.n, 64))
		}
		v.unsigned = true
	}
	if r.fam == famTemporal && r.unit != unitFraction {
		v.frac = of(0)
	}
	return v
}

// fractionFromLength reads the fractional-second digits of a temporal type from the
// length field when the type carries no argument: a small number is the digits
// themselves; a JDBC column size (19 for "yyyy-mm-dd hh:mm:ss", 20+n with n digits) is
// read as such (inferred: FDI fills the field from the JDBC metadata).
func fractionFromLength(n int64) size {
	switch {
	case n >= 0 && n <= 9:
		return of(n)
	case n == 19:
		return of(0)
	case n >= 21 && n <= 29:
		return of(n - 20)
	}
	return size{}
}

// integerBits is the width of the integer names of the family table, for types no
// dialect table reads (TINYINT < SMALLINT < MEDIUMINT < INT < BIGINT, as before).
var integerBits = map[string]int{"TINYINT": 8, "SMALLINT": 16, "MEDIUMINT": 24, "INT": 32, "INTEGER": 32, "BIGINT": 64}

// text writes the type as written, with its length: "VARCHAR(255)", "TIMESTAMP(6)".
func (v valueSet) text() string { return typeString(v.typ, v.length) }

// name writes the type for a sentence with its database: "Oracle DATE", "PostgreSQL
// INT4", or the type as written without a table.
func (v valueSet) name() string {
	if v.d == nil {
		return orNone(v.text())
	}
	return v.d.name + " " + orNone(v.text())
}
