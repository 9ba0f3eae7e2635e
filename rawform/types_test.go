package rawform

import "testing"

func TestTypeFamily(t *testing.T) {
	tests := []struct {
		typ  string
		want Family
	}{
		{"INT", FamilyInteger}, {"int unsigned", FamilyInteger}, {"BIGINT(20) ZEROFILL", FamilyInteger}, {"Integer", FamilyInteger},
		{"DECIMAL(10,2)", FamilyDecimal}, {"double precision", FamilyDecimal}, {"NUMBER", FamilyDecimal},
		{"VARCHAR", FamilyString}, {"varchar(255)", FamilyString}, {"String", FamilyString}, {"NVARCHAR2", FamilyString},
		{"TIMESTAMP(6)", FamilyTemporal}, {"timestamp with time zone", FamilyTemporal}, {"DATE", FamilyTemporal},
		{"BOOLEAN", FamilyBoolean}, {"BIT", FamilyBoolean},
		{"BLOB", FamilyBinary}, {"long raw", FamilyBinary},
		{"GEOMETRY", FamilyOther}, {"", FamilyOther},
	}
	for _, tt := range tests {
		if got := TypeFamily(tt.typ); got != tt.want {
			t.Errorf("TypeFamily(%q) = %s, want %s", tt.typ, got, tt.want)
		}
	}
	if !FamilyDecimal.Numeric() || FamilyString.Numeric() {
		t.Error("Numeric")
	}
}

func TestTypeString(t *testing.T) {
	tests := []struct {
		e    Endpoint
		want string
	}{
		{Endpoint{Type: "VARCHAR", Length: Int{255, EncString}}, "VARCHAR(255)"},
		{Endpoint{Type: "String", Length: Int{Enc: EncEmpty}}, "String"},
		{Endpoint{Type: "DECIMAL(10,2)", Length: Int{10, EncString}}, "DECIMAL(10,2)"},
		{Endpoint{Type: "TIMESTAMP(6)", Length: Int{0, EncString}}, "TIMESTAMP(6)"},
		{Endpoint{Type: "NUMBER", Length: Int{0, EncString}}, "NUMBER"},
		{Endpoint{Type: "CLOB", Length: Int{0, EncLiteral}}, "CLOB"},
		{Endpoint{Type: "INT", Length: Int{11, EncLiteral}}, "INT(11)"},
		{Endpoint{Type: "NUMBER", Length: Int{Enc: EncNone}}, "NUMBER"},
	}
	for _, tt := range tests {
		if got := tt.e.TypeString(); got != tt.want {
			t.Errorf("TypeString(%+v) = %q, want %q", tt.e, got, tt.want)
		}
	}
}
