package diff

import (
	"github.com/fdireview/fdireview/rawform"
)

// family indexes the compatibility table of the package doc; the classification itself is
// rawform.TypeFamily, shared with rawform's checks.
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

func (f family) String() string { return familyNames[f] }

// integerRank orders integer types by range; the other families have no rank.
var integerRank = map[string]int{"TINYINT": 1, "SMALLINT": 2, "MEDIUMINT": 3, "INT": 4, "INTEGER": 4, "BIGINT": 5}

func familyOf(t string) family { return familyIndex[rawform.TypeFamily(t)] }

// compat is the compatibility table of the package doc: compat[source][target].
var compat = [7][7]Severity{
	famOther:    {Warning, Warning, Warning, Warning, Warning, Warning, Warning},
	famInteger:  {Warning, Info, Info, Warning, Breaking, Breaking, Warning},
	famDecimal:  {Warning, Breaking, Info, Warning, Breaking, Breaking, Warning},
	famString:   {Warning, Breaking, Breaking, Info, Breaking, Breaking, Warning},
	famTemporal: {Warning, Breaking, Breaking, Warning, Info, Breaking, Warning},
	famBoolean:  {Warning, Warning, Warning, Warning, Breaking, Info, Warning},
	famBinary:   {Warning, Breaking, Breaking, Warning, Breaking, Breaking, Info},
}

// typeRisk says how safely values of the source type go into the target type, and why.
func typeRisk(source, target string) (Severity, string) {
	sf, tf := familyOf(source), familyOf(target)
	sev := compat[sf][tf]
	switch {
	case sf == famInteger && tf == famInteger:
		sr, tr := integerRank[rawform.BaseType(source)], integerRank[rawform.BaseType(target)]
		if sr > 0 && tr > 0 && tr < sr {
			return Breaking, "values beyond the target's range will be rejected"
		}
		return Info, "the target holds every source value"
	case sev == Info:
		return Info, "the target holds every source value"
	case sf == famOther || tf == famOther:
		return Warning, "the conversion is unknown to fdireview; check it"
	case sev == Breaking:
		return Breaking, "values will be rejected or lose information in the conversion from " + sf.String() + " to " + tf.String()
	}
	return Warning, "values will be converted from " + sf.String() + " to " + tf.String()
}

// lengthMatters reports whether a declared length limits the values of a type: for
// strings and binaries it is the maximum size, for decimals the precision.
func lengthMatters(t string) bool {
	switch familyOf(t) {
	case famString, famBinary, famDecimal, famOther:
		return true
	}
	return false
}

// pairRisk checks a single mapping (a new one) for narrowing and nullability, for
// mapping.added: the worst severity and the reason, or Info and "".
func pairRisk(m *rawform.Mapping) (Severity, string) {
	if m.Added() {
		return Info, ""
	}
	s, t := m.Source, m.Target
	if s.Length.Known() && t.Length.Known() && lengthMatters(t.Type) && t.Length.Value < s.Length.Value {
		return Warning, "the target " + typeString(t.Type, t.Length) + " is shorter than the source " + typeString(s.Type, s.Length)
	}
	if s.Nullable.Known() && t.Nullable.Known() && s.Nullable.Value && !t.Nullable.Value {
		return Warning, "the target is NOT NULL but the source is nullable"
	}
	if sev, why := mappingRisk(m); sev != Info {
		return Warning, why
	}
	return Info, ""
}

// typeString writes a type with its length when known: "VARCHAR(255)", "INT".
func typeString(t string, l rawform.Int) string {
	if t == "" {
		t = "(no type)"
	}
	if l.Known() {
		return t + "(" + l.String() + ")"
	}
	return t
}
