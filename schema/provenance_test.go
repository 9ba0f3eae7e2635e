package schema_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/schema"
)

// TestRequirednessProvenance: every property of every definition of the rawform schema
// (the task_detail keys, both datasource sections, mappings, handlers…) says where its
// requiredness comes from — "Required…" or "Optional…" with the example or doc line —
// and agrees with the required lists: a property called required in one document is in
// that document's list.
func TestRequirednessProvenance(t *testing.T) {
	// The envelope schema too: TaskBasicRsp, TaskBasicRequestBody, ErrorBody.
	rb, err := schema.Source("response")
	if err != nil {
		t.Fatal(err)
	}
	var rdoc struct {
		Defs map[string]struct {
			Properties map[string]struct {
				Description string `json:"description"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(rb, &rdoc); err != nil {
		t.Fatal(err)
	}
	for name, def := range rdoc.Defs {
		for key, p := range def.Properties {
			if !strings.Contains(p.Description, "Required") && !strings.Contains(p.Description, "Optional") {
				t.Errorf("response $defs/%s/properties/%s: no requiredness provenance: %q", name, key, p.Description)
			}
		}
	}

	b, err := schema.Source("rawform")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Required []string `json:"required"`
		Defs     map[string]struct {
			Properties map[string]struct {
				Description string `json:"description"`
			} `json:"properties"`
			Required []string `json:"required"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for name, def := range doc.Defs {
		for key, p := range def.Properties {
			checked++
			d := p.Description
			if !strings.Contains(d, "Required") && !strings.Contains(d, "Optional") && !strings.Contains(d, "required") && !strings.Contains(d, "optional") {
				t.Errorf("$defs/%s/properties/%s: the description does not say where its requiredness comes from: %q", name, key, d)
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d properties checked", checked)
	}
	// The top-level keys say "Response: required" exactly for the root's required list and
	// "Request: optional" for those RawFormDataRequest does not require.
	inList := func(l []string, k string) bool {
		for _, x := range l {
			if x == k {
				return true
			}
		}
		return false
	}
	req := doc.Defs["RawFormDataRequest"].Required
	for key, p := range doc.Defs["form"].Properties {
		d := p.Description
		rspRequired := strings.Contains(d, "Response: required") || strings.Contains(d, "Required in both")
		if rspRequired != inList(doc.Required, key) {
			t.Errorf("form/%s: description says response-required %t, root required list %t", key, rspRequired, inList(doc.Required, key))
		}
		reqRequired := strings.Contains(d, "Required in both")
		if reqRequired != inList(req, key) {
			t.Errorf("form/%s: description says request-required %t, RawFormDataRequest list %t", key, reqRequired, inList(req, key))
		}
	}
}
