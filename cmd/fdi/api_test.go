package main

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestDiffAPIRequestAcceptance: two versions of the real API-source request, where the API
// field age moves from METRIC_DATA to OPERATION_MSG and a new field zone maps to
// AVAILABILITY_ZONE. fdi diff exits 1 and reports mapping.* changes for exactly those
// three target columns — none for RES_SUBNET_IP_BETA, whose mapping did not change.
func TestDiffAPIRequestAcceptance(t *testing.T) {
	dir := pairs + "/api-retargeted"
	code, out, errOut := runFDI(t, "", "diff", "--format", "json", dir+"/old.json", dir+"/new.json")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, errOut)
	}
	var r struct {
		Changes []struct {
			Kind         string `json:"kind"`
			TargetColumn string `json:"target_column"`
			Pointer      string `json:"pointer"`
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	var cols []string
	for _, c := range r.Changes {
		if !strings.HasPrefix(c.Kind, "mapping.") {
			continue
		}
		if c.TargetColumn == "" || !strings.HasPrefix(c.Pointer, "/task_detail/mappingInput/dataSource/") {
			t.Errorf("mapping change without target column or outside mappingInput: %+v", c)
		}
		if !slices.Contains(cols, c.TargetColumn) {
			cols = append(cols, c.TargetColumn)
		}
	}
	slices.Sort(cols)
	if want := []string{"AVAILABILITY_ZONE", "METRIC_DATA", "OPERATION_MSG"}; !slices.Equal(cols, want) {
		t.Errorf("mapping changes for %v, want exactly %v", cols, want)
	}
}

// TestValidateAPIRequestAcceptance: the real request is valid strictly, with 2 mappings;
// so is the same document with error_handler and afterImplementation as one-element
// lists and a third API field mapped (3 mappings).
func TestValidateAPIRequestAcceptance(t *testing.T) {
	const real = "../../testdata/examples/create-request-api-to-oracle.json"
	code, out, _ := runFDI(t, "", "validate", real)
	if code != 0 || !strings.HasSuffix(out, ": valid request, 2 mappings, 0 warnings\n") {
		t.Errorf("exit %d, output %q", code, out)
	}

	body, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	var env map[string]any
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(env["task_detail"].(string)))
	dec.UseNumber()
	var d map[string]any
	if err := dec.Decode(&d); err != nil {
		t.Fatal(err)
	}
	d["error_handler"] = []any{d["error_handler"]}
	d["afterImplementation"] = []any{d["afterImplementation"]}
	md := d["sourceSelectedDatasource"].(map[string]any)["sourceMetaData"].(map[string]any)
	md["dataSource"] = append(md["dataSource"].([]any), map[string]any{"index": json.Number("2"), "name": "zone", "type": "String", "format": "", "path": ""})
	in := d["mappingInput"].(map[string]any)
	in["dataSource"] = append(in["dataSource"].([]any), map[string]any{"sourceKey": "zone", "targetKey": "AVAILABILITY_ZONE"})
	inner, _ := json.Marshal(d)
	env["task_detail"] = string(inner)
	variant, _ := json.Marshal(env)
	code, out, _ = runFDI(t, string(variant), "validate", "-")
	if code != 0 || out != "-: valid request, 3 mappings, 0 warnings\n" {
		t.Errorf("variant: exit %d, output %q", code, out)
	}
}

// TestSchemaShowsRequestAndProvenance: fdi schema rawform prints the request's document
// beside the response's, with each property's requiredness provenance.
func TestSchemaShowsRequestAndProvenance(t *testing.T) {
	code, out, _ := runFDI(t, "", "schema", "rawform")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{`"RawFormDataRequest": {`, "Request: optional (not in EX-REQ)", "Expected: EX-REQ carries it;", `"x-expected": {`,
		"optional in requests (EX-REQ has none)", `"servicetype": {`, `"errorHandler": {`} {
		if !strings.Contains(out, want) {
			t.Errorf("fdi schema rawform does not show %q", want)
		}
	}
}
