package main

import (
	"encoding/json"
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

// TestValidateAPIRequestAcceptance: the real request is valid strictly, with 2 mappings.
func TestValidateAPIRequestAcceptance(t *testing.T) {
	code, out, _ := runFDI(t, "", "validate", "../../testdata/examples/create-request-api-to-oracle.json")
	if code != 0 || !strings.HasSuffix(out, ": valid request, 2 mappings, 0 warnings\n") {
		t.Errorf("exit %d, output %q", code, out)
	}
}

// TestSchemaShowsRequestAndProvenance: fdi schema rawform prints the request's document
// beside the response's, with each property's requiredness provenance.
func TestSchemaShowsRequestAndProvenance(t *testing.T) {
	code, out, _ := runFDI(t, "", "schema", "rawform")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{`"RawFormDataRequest": {`, "Request: optional (not in EX-REQ)", "Required: EX-REQ carries it.",
		"optional in requests (EX-REQ has none)", `"servicetype": {`, `"errorHandler": {`} {
		if !strings.Contains(out, want) {
			t.Errorf("fdi schema rawform does not show %q", want)
		}
	}
}
