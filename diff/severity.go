package diff

import (
	"math"
	"strconv"
	"strings"

	"github.com/fdireview/fdireview/rawform"
)

// family indexes the compatibility table of the package doc; the classification itself is
// rawform.TypeFamily, shared with rawform's checks, or a dialect table's row.
type family int

const (
	famOther family = iota
	famInteger
	famDecimal
	famString
	famTemporal
	famBoolean
	famBinary
)

var familyIndex = map[rawform.Family]family{
	rawform.FamilyInteger: famInteger, rawform.FamilyDecimal: famDecimal, rawform.FamilyString: famString,
	rawform.FamilyTemporal: famTemporal, rawform.FamilyBoolean: famBoolean, rawform.FamilyBinary: famBinary,
}

var familyNames = [...]string{"other", "integer", "decimal", "string", "temporal", "boolean", "binary"}

func (f family) String() string {
	if f < 0 || int(f) >= len(familyNames) {
		return "other"
	}
	return familyNames[f]
}

// numeric reports an integer or decimal family.
func (f family) numeric() bool { return f == famInteger || f == famDecimal }

func familyOf(t string) family { return familyIndex[rawform.TypeFamily(t)] }

// compat is the compatibility table of the package doc: compat[source][target], for a
// source and a target of different families.
var compat = [7][7]Severity{
	famOther:    {Warning, Warning, Warning, Warning, Warning, Warning, Warning},
	famInteger:  {Warning, Info, Info, Warning, Breaking, Breaking, Warning},
	famDecimal:  {Warning, Breaking, Info, Warning, Breaking, Breaking, Warning},
	famString:   {Warning, Breaking, Breaking, Info, Breaking, Breaking, Warning},
	famTemporal: {Warning, Breaking, Breaking, Warning, Info, Breaking, Warning},
	famBoolean:  {Warning, Warning, Warning, Warning, Breaking, Info, Warning},
	famBinary:   {Warning, Breaking, Breaking, Warning, Breaking, Breaking, Info},
}

const holdsAll = "the target holds every source value"

// typeRisk says how safely values of the source type go into the target type, and why,
// with no database table: by type families (and the widths of the MySQL integer names).
func typeRisk(source, target string) (Severity, string) {
	return judge(readEndpoint(nil, source, rawform.Int{}), readEndpoint(nil, target, rawform.Int{}))
}

// judge says how safely the values of a source endpoint go into a target endpoint, and
// why: breaking where values can be rejected or cut, warning where they change (rounding,
// time zone, code page, fractional seconds), info where the target holds every source
// value. It is total: any two value sets give a severity and a sentence.
func judge(src, tgt valueSet) (Severity, string) {
	sev, why := judgeValues(src, tgt)
	if note := unknownNote(src, tgt); note != "" {
		why += " (" + note + ")"
	}
	return sev, why
}

// unknownNote says which type a dialect's table does not have, when one does not.
func unknownNote(src, tgt valueSet) string {
	var missing []string
	for _, v := range []valueSet{src, tgt} {
		if v.d != nil && v.rule == nil && strings.TrimSpace(v.text()) != "" {
			missing = append(missing, v.name())
		}
	}
	switch len(missing) {
	case 0:
		return ""
	case 1:
		return missing[0] + " is not in fdireview's type table; judged by its family"
	}
	return missing[0] + " and " + missing[1] + " are not in fdireview's type tables; judged by their families"
}

func judgeValues(src, tgt valueSet) (Severity, string) {
	sf, tf := src.fam, tgt.fam
	switch {
	case sf.numeric() && tf.numeric():
		return judgeNumbers(src, tgt)
	case sf == famString && tf == famString, sf == famBinary && tf == famBinary:
		return judgeText(src, tgt)
	case sf == famTemporal && tf == famTemporal:
		return judgeTimes(src, tgt)
	case sf == famOther || tf == famOther:
		return Warning, "the conversion is unknown to fdireview; check it"
	}
	switch sev := compat[sf][tf]; sev {
	case Info:
		return Info, holdsAll
	case Breaking:
		return Breaking, "values will be rejected or lose information in the conversion from " + sf.String() + " to " + tf.String()
	}
	return Warning, "values will be converted from " + sf.String() + " to " + tf.String()
}

// judgeNumbers compares an integer or decimal source with an integer or decimal target:
// signs, then the range of whole digits, then fractions and floating-point rounding.
func judgeNumbers(src, tgt valueSet) (Severity, string) {
	lose := tgt.d.lost()
	if tgt.unsigned && !src.unsigned {
		return Breaking, tgt.name() + " holds no negative values and source " + orNone(src.text()) + " is signed; negative values " + lose
	}
	need, held := wholeDigits(src), heldDigits(tgt)
	switch {
	case src.bits > 0 && tgt.bits > 0:
		if !bitsFit(src, tgt) {
			return Breaking, tgt.name() + " holds " + bitsRange(tgt) + "; larger values of source " + orNone(src.text()) + " " + lose
		}
	case need.known && held.known:
		if !held.unbounded() && (need.unbounded() || need.n > held.n) {
			what := "up to " + strconv.FormatInt(held.n, 10) + " whole digits"
			if tgt.bits > 0 {
				what = bitsRange(tgt)
			}
			return Breaking, tgt.name() + " holds " + what + "; larger values of source " + orNone(src.text()) + " " + lose
		}
	case src.rule == nil || tgt.rule == nil:
		// Only the families are known: the compatibility table.
		if compat[src.fam][tgt.fam] == Breaking {
			return Breaking, "values will be rejected or lose information in the conversion from " + src.fam.String() + " to " + tgt.fam.String()
		}
		return Info, holdsAll
	}
	if src.rule == nil || tgt.rule == nil {
		return Info, holdsAll // the ranges fit; nothing more is known
	}
	switch {
	case src.approx > 0 && tgt.approx > 0 && src.approx > tgt.approx:
		return Breaking, tgt.name() + " keeps about " + strconv.Itoa(tgt.approx) + " digits in a smaller range; values of source " + orNone(src.text()) + " beyond its range " + lose + " and the others are rounded"
	case src.approx > 0 && tgt.approx == 0:
		return Warning, "floating-point values of source " + orNone(src.text()) + " are rounded to the decimals of " + tgt.name()
	case src.approx == 0 && tgt.approx > 0:
		if d := totalDigits(src); !d.known || d.unbounded() || d.n > int64(tgt.approx) {
			return Warning, tgt.name() + " keeps about " + strconv.Itoa(tgt.approx) + " significant digits; longer values of source " + orNone(src.text()) + " are rounded"
		}
	}
	if s, ok := fractionDigits(src); ok && s > 0 {
		t, tok := fractionDigits(tgt)
		switch {
		case tgt.fam == famInteger || (tok && t == 0 && tgt.approx == 0 && tgt.rule != nil):
			return Warning, tgt.name() + " keeps no fractions; the fractions of source " + orNone(src.text()) + " are rounded"
		case tok && t >= 0 && t < s && tgt.approx == 0:
			return Warning, tgt.name() + " keeps " + strconv.Itoa(t) + " digits after the point; values of source " + orNone(src.text()) + " are rounded"
		}
	} else if src.fam == famDecimal && !ok && src.approx == 0 && tgt.fam == famInteger && src.rule != nil {
		return Warning, tgt.name() + " keeps no fractions; fractions of source " + orNone(src.text()) + ", if any, are rounded"
	}
	return Info, holdsAll
}

// bitsFit reports whether every value of a source integer fits a target integer.
func bitsFit(src, tgt valueSet) bool {
	switch {
	case src.unsigned && !tgt.unsigned:
		return tgt.bits > src.bits
	case !src.unsigned && tgt.unsigned:
		return false
	}
	return tgt.bits >= src.bits
}

// bitsRange writes an integer's range: "-2147483648 to 2147483647", "0 to 255", or by
// powers of two beyond 64 bits.
func bitsRange(v valueSet) string {
	b := v.bits
	if b > 64 || (b == 64 && v.unsigned) {
		if v.unsigned {
			return "0 to 2^" + strconv.Itoa(b) + "-1"
		}
		return "-2^" + strconv.Itoa(b-1) + " to 2^" + strconv.Itoa(b-1) + "-1"
	}
	if v.unsigned {
		return "0 to " + strconv.FormatUint(1<<uint(b)-1, 10)
	}
	return strconv.FormatInt(-1<<uint(b-1), 10) + " to " + strconv.FormatInt(1<<uint(b-1)-1, 10)
}

// digitsOfBits is the number of decimal digits of an integer's largest magnitude.
func digitsOfBits(bits int, unsigned bool) int64 {
	b := float64(bits)
	if !unsigned {
		b--
	}
	return int64(math.Floor(b*math.Log10(2))) + 1
}

// wholeDigits is how many digits before the point a source value can have: unbounded for
// floating point and unbounded decimals.
func wholeDigits(v valueSet) size {
	switch {
	case v.bits > 0:
		return of(digitsOfBits(v.bits, v.unsigned))
	case v.approx > 0:
		return unbounded
	case v.rule == nil:
		return size{}
	case v.prec.unbounded():
		return unbounded
	case v.prec.known && v.scaleOK:
		return of(max(v.prec.n-int64(v.scale), 0))
	case v.prec.known:
		return of(v.prec.n)
	}
	return size{}
}

// heldDigits is how many digits before the point every value of the target may have: as
// wholeDigits, except that an integer of n bits holds every value of one digit fewer only
// (a 32-bit INT holds 2,147,483,647 but not every 10-digit number).
func heldDigits(v valueSet) size {
	if v.bits > 0 {
		return of(digitsOfBits(v.bits, v.unsigned) - 1)
	}
	return wholeDigits(v)
}

// totalDigits is how many significant digits an exact number can have.
func totalDigits(v valueSet) size {
	if v.bits > 0 {
		return of(digitsOfBits(v.bits, v.unsigned))
	}
	return v.prec
}

// fractionDigits is how many digits after the point a number keeps, when known.
func fractionDigits(v valueSet) (int, bool) {
	switch {
	case v.fam == famInteger || v.bits > 0:
		return 0, true
	case v.approx > 0:
		return 0, false
	case v.rule != nil && v.prec.unbounded():
		return math.MaxInt32, true
	case v.rule != nil && v.scaleOK:
		return v.scale, true
	}
	return 0, false
}

// judgeText compares strings (or binaries): lengths in their units, then the code page.
func judgeText(src, tgt valueSet) (Severity, string) {
	s, t := src.size, tgt.size
	if s.known && t.known && !t.unbounded() {
		unitWord := "bytes"
		if tgt.unit == unitChars {
			unitWord = "characters"
		}
		switch {
		case s.unbounded():
			return Breaking, tgt.name() + " holds at most " + strconv.FormatInt(t.n, 10) + " " + unitWord + " and source " + orNone(src.text()) + " has no limit; longer values will be truncated or rejected"
		case src.fam == famString && !src.codePage && tgt.codePage && t.n >= s.n:
			// Said below: the code page is what loses characters.
		case src.fam == famString && src.unit == unitChars && tgt.unit == unitBytes && t.n >= s.n && t.n < 4*s.n:
			return Warning, tgt.name() + " counts bytes: " + strconv.FormatInt(s.n, 10) + " characters of source " + orNone(src.text()) + " can take up to " + strconv.FormatInt(4*s.n, 10) + " bytes in UTF-8, so text in multi-byte characters will be truncated or rejected"
		case src.fam == famString && src.unit == unitChars && tgt.unit == unitBytes && t.n < s.n,
			t.n < s.n:
			return Breaking, tgt.text() + " is shorter than source " + orNone(src.text()) + "; longer values will be truncated or rejected"
		}
	}
	if src.fam == famString && !src.codePage && tgt.codePage {
		return Warning, tgt.name() + " stores only the characters of its code page; other characters of source " + orNone(src.text()) + " are lost (written as ?)"
	}
	return Info, holdsAll
}

// judgeTimes compares dates and times: what part of a date and a time each keeps, the
// years they hold, fractional seconds and time zones.
func judgeTimes(src, tgt valueSet) (Severity, string) {
	lose := tgt.d.lost()
	sn := orNone(src.text())
	if src.rule == nil || tgt.rule == nil {
		return Info, holdsAll // only the family is known
	}
	switch {
	case src.date > noDate && tgt.date == noDate:
		return Breaking, tgt.name() + " keeps a time of day only; the date of source " + sn + " is lost"
	case src.date == fullDate && tgt.date == yearOnly:
		return Breaking, tgt.name() + " keeps the year only; the month and day of source " + sn + " are lost"
	case src.clock && !tgt.clock:
		return Breaking, tgt.name() + " keeps no time of day; the time of source " + sn + " is cut"
	}
	if sy, ty := clampYears(src.years), clampYears(tgt.years); ty != [2]int{1, 9999} && (sy[0] < ty[0] || sy[1] > ty[1]) && src.date > noDate {
		bound := tgt.rule.bound
		if bound == "" {
			bound = "years " + strconv.Itoa(ty[0]) + " to " + strconv.Itoa(ty[1])
		}
		return Breaking, tgt.name() + " holds " + bound + "; other values of source " + sn + " " + lose
	}
	zone := func(s string) string {
		if tgt.rule.zoneNote != "" {
			return tgt.rule.zoneNote + "; " + s
		}
		return s
	}
	switch {
	case !src.date.hasDay() && tgt.date == fullDate && src.clock:
		return Warning, tgt.name() + " keeps a date; times of day of source " + sn + " get one"
	case src.clock && !src.minute && tgt.minute:
		return Warning, tgt.name() + " rounds to the minute; the seconds of source " + sn + " are lost"
	case src.clock && src.frac.known && tgt.frac.known && src.frac.n > tgt.frac.n:
		why, _ := fractionLoss(src, tgt)
		return Warning, why
	case src.tz && !tgt.tz:
		return Warning, zone(tgt.name() + " keeps no time zone; values of source " + sn + " are converted to one zone")
	case !src.tz && tgt.tz && src.clock:
		return Warning, zone("values of source " + sn + " are read in the session's time zone")
	}
	return Info, holdsAll
}

// fractionLoss says whether a target of dates and times keeps fewer digits of fractional
// seconds than its source, and in words.
func fractionLoss(src, tgt valueSet) (string, bool) {
	if src.fam != famTemporal || tgt.fam != famTemporal || src.rule == nil || tgt.rule == nil ||
		!src.clock || !tgt.clock || !src.frac.known || !tgt.frac.known || src.frac.n <= tgt.frac.n {
		return "", false
	}
	why := tgt.name() + " keeps " + strconv.FormatInt(tgt.frac.n, 10) + " digits of fractional seconds; finer fractions of source " + orNone(src.text()) + " are rounded"
	if tgt.frac.n == 0 {
		why = "the fractional seconds of source " + orNone(src.text()) + " are dropped"
	}
	if tgt.rule.note != "" {
		why = tgt.rule.note + "; " + why
	}
	return why, true
}

// clampYears is the span of years a type holds within 1 to 9999, the span real data
// has: a type holding years before 1 or after 9999 holds no value another type rejects
// for it (PostgreSQL DATE reaching 5874897 goes into TIMESTAMP, reaching 294276). No
// limit given is the whole span.
func clampYears(y [2]int) [2]int {
	if y == [2]int{} {
		return [2]int{1, 9999}
	}
	return [2]int{min(max(y[0], 1), 9999), max(min(y[1], 9999), 1)}
}

func (g grain) hasDay() bool { return g == fullDate }

// lengthLimits reports whether a declared length limits the values of an endpoint: for
// strings and binaries it is the maximum size, for decimals the precision. A length that
// is a display width (MySQL INT(11)), or a type whose capacity is fixed (TEXT, CLOB),
// does not.
func (v valueSet) lengthLimits() bool {
	if v.rule == nil {
		switch v.fam {
		case famString, famBinary, famDecimal, famOther:
			return true
		}
		return false
	}
	switch v.rule.unit {
	case unitChars, unitBytes, unitDigits, unitBits, unitFraction:
		return !v.rule.fixed.known && !v.rule.scaleArg && !v.ownLength
	}
	return false
}

// capacity is what an endpoint's length allows, in its unit: the declared length, the
// type's default or its capacity; the raw length field for a type without a row.
func (v valueSet) capacity() size {
	if v.rule == nil {
		return v.size
	}
	switch v.rule.unit {
	case unitDigits:
		return v.prec
	case unitFraction:
		return v.frac
	case unitBits:
		return of(int64(v.bits))
	}
	return v.size
}

// narrower reports whether a's capacity is known to be below b's.
func narrower(a, b size) bool {
	return a.known && b.known && !a.unbounded() && (b.unbounded() || a.n < b.n)
}

// pairRisk checks a single mapping (a new one) for narrowing and nullability, for
// mapping.added: the worst severity and the reason, or Info and "". Nothing added is
// breaking: the target column starts being written.
func (d *differ) pairRisk(m *rawform.Mapping) (Severity, string) {
	if m.Added() {
		return Info, ""
	}
	s, t := m.Source, m.Target
	if m.Form != rawform.FormInput {
		sv, tv := d.endpoints(m)
		if tv.lengthLimits() && narrower(tv.capacity(), sv.capacity()) && sv.unit == tv.unit && tv.unit != unitFraction {
			return Warning, "the target " + typeString(t.Type, t.Length) + " is shorter than the source " + typeString(s.Type, s.Length)
		}
	}
	if s.Nullable.Known() && t.Nullable.Known() && s.Nullable.Value && !t.Nullable.Value {
		return Warning, "the target is NOT NULL but the source is nullable"
	}
	if sev, why := d.mappingRisk(m); sev != Info {
		return Warning, why
	}
	return Info, ""
}

// endpoints reads both sides of a table mapping with the tables of the task's source and
// target databases.
func (d *differ) endpoints(m *rawform.Mapping) (src, tgt valueSet) {
	return readEndpoint(d.srcDialect, m.Source.Type, m.Source.Length), readEndpoint(d.tgtDialect, m.Target.Type, m.Target.Length)
}

// typeString writes a type with its length when known: "VARCHAR(255)", "INT". A length of
// 0 is none declared (FDI writes "0" for NUMBER, CLOB, DATE…): "NUMBER", not "NUMBER(0)".
// A type written with its own arguments ("TIMESTAMP(6)", "NUMBER(10,2)") is shown as
// written: the length field adds nothing to it ("TIMESTAMP(6)", never "TIMESTAMP(6)(0)").
func typeString(t string, l rawform.Int) string {
	if t == "" {
		t = "(no type)"
	}
	if l.Known() && l.Value != 0 && !strings.ContainsRune(t, '(') {
		return t + "(" + l.String() + ")"
	}
	return t
}
