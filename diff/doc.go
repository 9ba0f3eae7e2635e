// Package diff compares two FDI tasks and says, per target column, what the change does
// to the data.
//
// A generic JSON diff matches arrays by position, so inserting one mapping makes every
// later mapping look changed. Tasks matches mappings by their identity, the target column,
// and reports every change of a matched pair attribute by attribute, with a severity and a
// one-sentence explanation. It is not a general JSON diff: fields the typed model
// (package rawform) does not name are still compared, with github.com/google/go-cmp, and
// reported as "setting.changed" with a JSON Pointer, the two values and a sentence naming
// the field in words.
//
// # Definition and state
//
// A report counts changes to the task's definition. Runtime fields of the envelope —
// status, execute_status, last_modified_date, repulling_snapshot (inferred from its name),
// and last_modified_time and last_execute_time when a lenient parse kept them — describe a
// run, not the task: they are state.changed, kept apart in Report.State (no severity),
// never counted in the Summary's severities and never making AtLeast true. Identity fields
// that differ because two different tasks are compared (task_id, created_date) are not
// changes: they are in the header, Report.Old and Report.New (TaskRef.Created is an RFC
// 3339 UTC date). Dates are written as RFC 3339 UTC wherever a sentence shows one.
//
// # Sentences
//
// Every Change.Message is one line of plain words: the mapping sentences of the severity
// table; filters ("filter added: id > 1000", "filter changed: id > 100 → id > 1000",
// compared as sets of conditions, order aside); custom SQL ("custom SQL changed: 1 line
// removed, 2 lines added", with a line diff in Change.Detail); every other field named in
// words from a table of known keys (incremental migration, paging, order column, batch
// number style, …) or by splitting its key ("retryPolicy" reads "retry policy"): "source:
// paging turned on", "target: batch number style changed from "UUID" to "DATE"". Values
// are quoted as written, never JSON-escaped ("id > 1000", not "id \u003e 1000").
//
// # Escaping
//
// Change.Message and Change.Detail are visible: control characters are escaped and
// invisible or bidirectional ones spelled out, as rawform.Visible does (ESC as \x1b,
// U+202E as ⟨U+202E⟩), so a column named with terminal escapes cannot drive the terminal
// a sentence is printed on. The fields for programs are raw, exactly as in the tasks:
// Change.TargetColumn (an identity: it must equal the column's name), Change.Pointer (it
// must resolve), Change.Old and Change.New (values), Side.Name and Side.ID, and the
// pointers of Report.Ignored. The renderers of this package make them visible; a caller
// printing them itself passes them through rawform.Visible.
//
// # Ignored fields and accepted changes
//
// Ignore(patterns...) drops every difference whose pointer a Pattern matches ("*" one
// segment, "**" any number, matching the field and everything below it); Report.Ignored
// lists the patterns and Summary.Ignored counts what they dropped. Package accept marks
// changes a reviewed file accepts (Change.Accepted); an accepted change stays in every
// output, is counted in Summary.Accepted instead of its severity, and never makes AtLeast
// true.
//
// # Matching rules
//
//  1. Mappings are matched by target column name (exactly, or case-insensitively with
//     IgnoreCase, for MySQL-style catalogs). If a task maps one target column twice, the
//     n-th occurrence is matched with the n-th occurrence in the other task. Mappings are
//     mappings whatever their wire form: the table mappings of mappingTable and the
//     API-source mappings of mappingInput.dataSource (rawform.FormInput) go through the
//     same matching; an API mapping's pointers are its item of mappingInput.dataSource and
//     its sourceKey or targetKey.
//  2. An unmatched old mapping and an unmatched new mapping that read the same source
//     column with the same source type are one mapping whose target was renamed
//     (mapping.target_renamed); the pair is then compared like a matched pair. Pairs are
//     formed in task order. Not when the old target is still selected in the new task and
//     the new target was already selected in the old: no column changed, the task writes
//     another of its columns, so the old one stops being written (removed) and the new
//     one starts (added).
//  3. The other unmatched mappings are mapping.removed (old) and mapping.added (new).
//  4. Order alone is not a change: if matched mappings or selected columns appear in a
//     different order, no change is reported, and Summary.Reordered is set.
//  5. The selected column lists (source and target, mapped or not; the fields of API-type
//     sources) are matched by name: column.added, column.removed, and one column.changed
//     per attribute that differs. One fact is one change: a list entry that changed the
//     same way as the mapping of its column (its length, type, nullability, uniqueness;
//     added with an added mapping, removed with a removed one, renamed with a renamed
//     target or swapped source) is folded into that mapping change, whose Folded names
//     the entry's pointer. A source column another mapping still reads is not folded.
//  6. Source and target tables are table.changed; data source ids, types and names (in the
//     envelope and in task_detail) are datasource.changed; every other modelled field of
//     the envelope and of task_detail is setting.changed. The envelope is compared only
//     when both tasks have one: a bare task_detail document has no task object, so its
//     fields are unknown rather than changed. A task_detail field the envelope repeats
//     (taskName for task_name, description, taskTag, projectId, data source types and
//     ids) that changed the same way is folded into the envelope's change.
//  7. Everything else — the Extra maps of every object of the model (where clauses, SQL,
//     incremental migration, order column, batch number style, extend_meta_data, unknown
//     keys kept by lenient parsing) — is compared with go-cmp; each difference is a
//     setting.changed whose pointer is the path of the difference.
//  8. error_handler and afterImplementation are compared item by item, each difference a
//     setting.changed with its own sentence: "error rows now go to OBS path data1", "the
//     task now stops when storing error rows in OBS fails", "after-run message to Kafka
//     topic lgytest99 removed"; writing one object as a one-element list (or back) is
//     info. mappingInput's own form (object or list) and keys are setting.changed too.
//
// Pointers are JSON Pointers into the new task (into the old one for removals), prefixed
// with /task for the envelope's task object and /task_detail for the decoded task_detail
// document, whatever shape (response, request, bare detail) the task was read from.
// Numbers are compared numerically and booleans by value: "11" and 11, "1" and true are
// equal.
//
// # Severity rules
//
// Breaking means data can be lost, rejected or written to the wrong column; warning, that
// behaviour changes but no loss is certain; info, that the change is cosmetic or widening.
// Types and lengths are judged by the databases' own type tables (see "Type tables per
// database" below); where a database has none, by type families (integer, decimal,
// string, temporal, boolean, binary and other: the compatibility table below), lengths
// compared as numbers.
//
//	change                                                        severity
//	mapping.removed                                               breaking
//	mapping.source_changed (another source column)                breaking
//	mapping.added                                                 info; warning if the new pair narrows or loses NULLs
//	mapping.target_renamed                                        warning (info when only the case differs, IgnoreCase)
//	mapping.type_changed, source or target                        the new pair read with the type tables (below)
//	mapping.length_changed, target shorter than the source        breaking
//	mapping.length_changed, target narrowed, still ≥ the source   warning
//	mapping.length_changed, source longer than the target         breaking
//	mapping.length_changed, target counts bytes, source characters warning (breaking when shorter in bytes too)
//	mapping.length_changed, fewer fractional seconds than source  warning
//	mapping.length_changed, the length is no limit (INT(11), CLOB) info
//	mapping.length_changed, beside the type's own (NUMBER(10,2))  info
//	mapping.length_changed, changed with the type                 info (the type change carries the risk)
//	mapping.length_changed, otherwise (widening)                  info
//	mapping.length_changed, a length appears or disappears        warning
//	mapping.nullability_changed, target NOT NULL, source nullable breaking
//	mapping.nullability_changed, source nullable, target NOT NULL breaking
//	mapping.nullability_changed, otherwise                        info
//	mapping.unique_changed, target made unique, source not        breaking
//	mapping.unique_changed, source no longer unique, target is    breaking
//	mapping.unique_changed, target no longer unique               warning
//	mapping.unique_changed, otherwise                             info
//	mapping.flag_changed (isAdd* flags, the text flag)            warning
//	column.added                                                  info
//	column.removed                                                warning
//	column.changed                                                info (the mapping.* changes carry the risk)
//	table.changed, target table                                   breaking
//	table.changed, source table                                   warning
//	datasource.changed, id or type                                warning
//	datasource.changed, name                                      info
//	setting.changed, names, description, tag                      info
//	setting.changed, filters (where), custom SQL                  warning
//	setting.changed, anything else                                warning
//
// # Type tables per database
//
// The target column's type is read with the table of the task's target database
// (targetDatasourceType, else the envelope's target_datasource_type) and the source
// column's with the source database's (sourceDatasourceType); both are the new task's,
// as the risk is that of the new pair. The tables, one file each (types_*.go), one row per
// type with the database's documentation page:
//
//	database    data source types             notable rules
//	MySQL       MYSQL, TAURUS                 UNSIGNED/ZEROFILL; INT(11) is a display width; TINYINT(1) is BOOLEAN;
//	                                          TINYTEXT…LONGTEXT hold 255 B…4 GiB; TIMESTAMP holds 1970–2038 and converts time zones
//	Oracle      ORACLE                        VARCHAR2/CHAR count bytes (unless "n CHAR"), NVARCHAR2 characters;
//	                                          NUMBER without precision (length 0) and CLOB/BLOB are unbounded;
//	                                          DATE keeps seconds but not fractions; TIMESTAMP(n)
//	PostgreSQL  POSTGRESQL                    int2/int4/int8; numeric and varchar without length unbounded; text;
//	                                          timestamp(n) and timestamptz
//	openGauss   OPENGAUSS                     PostgreSQL's, but VARCHAR/VARCHAR2/CHAR count bytes, TINYINT is 0–255,
//	                                          DATE is TIMESTAMP(0)
//	SQL Server  SQLSERVER                     CHAR/VARCHAR/TEXT hold a code page, N-types Unicode; (MAX) or -1 is
//	                                          unbounded; TINYINT is 0–255; BIT is a boolean; DATETIME 1753– and
//	                                          1/300 s; SMALLDATETIME to the minute; DATETIME2(n)
//	DWS         DWS, GAUSS200                 PostgreSQL's, but VARCHAR/VARCHAR2 count bytes, TINYINT is 0–255,
//	                                          DATE is TIMESTAMP(0), SMALLDATETIME to the minute
//	Hive        HIVE, MRSHIVE, FIHIVE         STRING unbounded; VARCHAR/CHAR in characters; values it cannot hold
//	                                          become NULL; TIMESTAMP keeps nanoseconds
//	ClickHouse  CLICKHOUSE, MRSCLICKHOUSE     Int8…Int256, UInt8…UInt256; Decimal32(S)…Decimal256(S); String and
//	                                          FixedString(N) in bytes; Nullable(T), LowCardinality(T) read as T;
//	                                          Date 1970–2149, DateTime 1970–2106 in seconds
//
// Each row gives the type's family; what its declared length counts (characters, bytes,
// digits of precision, digits of fractional seconds, bits, or nothing: a display width)
// and the length when none is declared; its capacity whatever is declared (TEXT, CLOB);
// for numbers its width in bits or digits, scale and signedness; for text whether it
// holds only a code page; for dates and times whether it keeps a date, a time of day,
// seconds, how many fractional digits and a time zone, and the years it holds (counted
// within 1 to 9999). The declared length is the type's own argument when it has one
// ("TIMESTAMP(6)", "NUMBER(10,2)", "VARCHAR2(64 CHAR)", "NVARCHAR(MAX)"), else the length
// field, where 0 means none declared. A source value set goes into a target's:
//
//	breaking  values are rejected or cut: a narrower integer range, a signed source into an
//	          unsigned target, fewer whole digits, an unbounded or longer text into a
//	          shorter one, a wider floating point into a narrower one, a date or time of
//	          day dropped, years the target does not hold
//	warning   values change: decimals or fractional seconds rounded, floating point into
//	          decimals, seconds rounded to the minute, a time zone converted or dropped,
//	          Unicode into a code page, characters into a byte length that holds them only
//	          in single-byte encodings
//	info      the target holds every source value
//
// The sentence names the rule and the types, with their database: "Oracle DATE keeps
// seconds but not fractions; the fractional seconds of source TIMESTAMP(6) are dropped",
// "PostgreSQL int4 holds -2147483648 to 2147483647; larger values of source BIGINT are
// rejected". A type missing from its database's table is judged by its family, and the
// sentence says so ("Oracle GEOMETRY is not in fdireview's type table; judged by its
// family"); a task whose data source has no table (an API, a message queue, a database
// not listed, or none named) is judged by families alone, as below.
//
// Compatibility of a source type family (rows) with a target type family (columns), used
// for mapping.type_changed where a database has no table, and between families:
//
//	           integer  decimal  string   temporal boolean  binary   other
//	integer    info*    info     warning  breaking breaking warning  warning
//	decimal    breaking info     warning  breaking breaking warning  warning
//	string     breaking breaking info     breaking breaking warning  warning
//	temporal   breaking breaking warning  info     breaking warning  warning
//	boolean    warning  warning  warning  breaking info     warning  warning
//	binary     breaking breaking warning  breaking breaking info     warning
//	other      warning  warning  warning  warning  warning  warning  warning
//
// (*) integer to integer is breaking when the target's width (TINYINT < SMALLINT <
// MEDIUMINT < INT < BIGINT) is below the source's, or the target is UNSIGNED and the
// source is not.
//
// An API-source mapping's source is a JSON value of an API field type, not a column, so
// its risk follows this table instead (for mapping.added and mapping.type_changed); a
// format, when the field has one, is named in the sentence ("text is parsed as a date
// with format yyyy-MM-dd; values in another form will be rejected"):
//
//	API type        integer  decimal  string   temporal        boolean  binary   other
//	String          warning  warning  info     warning+format  warning  warning  warning
//	Integer, Long   info     info     info     warning (epoch) breaking warning  warning
//	Double          breaking info     info     breaking        breaking warning  warning
//	Boolean         warning  warning  info     breaking        info     warning  warning
//	Date, Timestamp breaking breaking warning  info+format     breaking warning  warning
//	other           warning  warning  warning  warning         warning  warning  warning
//
// # Order
//
// Report.Changes is sorted by severity (breaking first), then kind, then target column,
// then pointer (array indices compared as numbers), then message. The same two tasks
// always give the same report, byte for byte once rendered.
//
// # Renderers
//
// WriteText (a terminal, optionally coloured), WriteJSON (stable field names, see
// Change) and WriteMarkdown (a pull-request comment, within MarkdownLimit characters;
// WriteMarkdownLimit for another limit) render a Report; Report.Filter(min) hides lesser
// changes from them while the Summary keeps counting everything. The cost of the
// Markdown budget is linear: each row is sized once.
//
// # Concurrency
//
// Every function is safe for concurrent use: Tasks only reads its two tasks (do not modify
// them while it runs) and returns a new Report; the renderers only read the Report.
package diff
