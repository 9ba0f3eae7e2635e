package rawform

import (
	"fmt"
	"slices"
)

// Per-type knowledge from the RawFormDataRequest appendix (TargetDatasourceConfig) and the
// user guide. Types are the data source type tokens of targetDatasourceType.
var (
	// createTableTypes support targetNeedCreateTable (automatic table creation): "only
	// PostgreSQL supports it, false elsewhere".
	createTableTypes = []string{"POSTGRESQL"}
	// clearTableTypes support isSupportClearTab (clear the table before writing): Oracle
	// and DWS (the appendix), and MySQL, PostgreSQL/openGauss, SQL Server and GaussDB(for
	// MySQL), TAURUS (the user guide).
	clearTableTypes = []string{"ORACLE", "DWS", "MYSQL", "POSTGRESQL", "OPENGAUSS", "SQLSERVER", "TAURUS"}
	// targetSchemaTypes have target_schema: "GaussDB 100 only".
	targetSchemaTypes = []string{"GAUSS100"}
	// messageTypes are message-queue sources: their declared fields are message fields.
	messageTypes = []string{"KAFKA", "MRSKAFKA", "FIKAFKA", "DIS", "RABBITMQ", "IBMMQ", "ACTIVEMQ", "ARTEMISMQ",
		"ROCKETMQ", "MQS", "WEBSOCKET", "HL7", "MQTT"}
	// fileTypes are file sources: their declared fields are file fields.
	fileTypes = []string{"FTP", "OBS", "MRSHDFS", "FIHDFS"}
)

// batchNumberMinLength is the documented minimum: a batch-number column is a string
// column longer than 14 characters.
const batchNumberMinLength = 14

// SourceFieldKind names the fields a source declares in sourceMetaData.dataSource, for
// messages: "API field" for an API source (by sourceDatasourceType, or by its shape when
// there is none), "message field" for a message queue (KAFKA, RABBITMQ, …), "file field"
// for a file source (FTP, OBS, HDFS), "source field" otherwise.
func (d *Detail) SourceFieldKind() string {
	switch t := d.SourceDatasourceType; {
	case d.APISource():
		return "API field"
	case slices.Contains(messageTypes, t):
		return "message field"
	case slices.Contains(fileTypes, t):
		return "file field"
	}
	return "source field"
}

// targetSettingWarnings checks the target settings the documentation restricts by type.
// A target whose type is not given (requests carry none) is judged only on batchNumber.
func targetSettingWarnings(d *Detail) []Problem {
	var ps []Problem
	add := func(key string, code Code, format string, args ...any) {
		ps = append(ps, Problem{Pointer: detailPrefix + "/targetSelectedDatasource/" + key, Severity: SeverityWarning,
			Code: code, Message: fmt.Sprintf(format, args...)})
	}
	typ := d.TargetDatasourceType
	if typ != "" {
		if v, _ := d.Target.Extra["targetNeedCreateTable"].(bool); v && !slices.Contains(createTableTypes, typ) {
			add("targetNeedCreateTable", CodeUnsupportedSetting,
				"targetNeedCreateTable is true but target type %s cannot create its table: the documentation says only PostgreSQL supports automatic table creation", typ)
		}
		if v, _ := d.Target.Extra["isSupportClearTab"].(bool); v && !slices.Contains(clearTableTypes, typ) {
			add("isSupportClearTab", CodeUnsupportedSetting,
				"isSupportClearTab is true but target type %s cannot clear its table first: the documentation lists DWS, MySQL, Oracle, PostgreSQL/openGauss, SQL Server and GaussDB(for MySQL)", typ)
		}
		if v, ok := d.Target.Extra["target_schema"].(string); ok && v != "" && !slices.Contains(targetSchemaTypes, typ) {
			add("target_schema", CodeUnsupportedSetting,
				"target_schema is set but target type %s does not use it: the documentation gives it for GaussDB 100 (GAUSS100) only", typ)
		}
	}
	bn, _ := d.Target.Extra["batchNumber"].(string)
	if bn == "" {
		return ps
	}
	for i := range d.Mappings {
		if d.Mappings[i].Target.Column == bn {
			add("batchNumber", CodeBatchNumber,
				"batchNumber %q is also written by a mapping: the batch number goes to a column no mapping writes, so one of the two values is lost", bn)
			return ps
		}
	}
	if d.Target.Keys&(1<<1) == 0 || len(d.Target.Columns) == 0 {
		return ps // no column list to look the column up in
	}
	for _, c := range d.Target.Columns {
		if c.Name != bn {
			continue
		}
		if c.Family() != FamilyString || (c.Length.Known() && c.Length.Value <= batchNumberMinLength) {
			add("batchNumber", CodeBatchNumber,
				"batchNumber %q is %s: the documentation wants a string column longer than %d characters", bn, columnTypeString(c), batchNumberMinLength)
		}
		return ps
	}
	add("batchNumber", CodeBatchNumber, "batchNumber %q is not in targetSelectedColumnList", bn)
	return ps
}

// columnTypeString writes a column's type with its length when known: "VARCHAR(10)".
func columnTypeString(c Column) string {
	t := c.Type
	if t == "" {
		t = "(no type)"
	}
	if c.Length.Known() {
		return t + "(" + c.Length.String() + ")"
	}
	return t
}
