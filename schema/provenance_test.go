package schema_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/schema"
)

// TestRequirednessProvenance: every property of every definition of the rawform schema
// (the task_detail keys, both datasource sections, mappings, handlers…) names its evidence
// tier — required, expected or optional, with the example or doc line — and agrees with
// the lists: a property called required is in its object's required list, one called
// expected in its x-expected annotation (which says what the keys were seen with).
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
			Expected *struct {
				SeenWith string   `json:"seenWith"`
				Keys     []string `json:"keys"`
			} `json:"x-expected"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(rb, &rdoc); err != nil {
		t.Fatal(err)
	}
	for name, def := range rdoc.Defs {
		if def.Expected != nil {
			for _, k := range def.Expected.Keys {
				if d := def.Properties[k].Description; !strings.Contains(d, "Expected") {
					t.Errorf("response $defs/%s: expected key %q is not described as expected: %q", name, k, d)
				}
			}
		}
		for key, p := range def.Properties {
			if !strings.Contains(p.Description, "Required") && !strings.Contains(p.Description, "Optional") && !strings.Contains(p.Description, "Expected") {
				t.Errorf("response $defs/%s/properties/%s: no evidence tier (Required, Expected, Optional): %q", name, key, p.Description)
			}
		}
	}

	b, err := schema.Source("rawform")
	if err != nil {
		t.Fatal(err)
	}
	type expected struct {
		SeenWith string   `json:"seenWith"`
		Keys     []string `json:"keys"`
	}
	type def struct {
		Properties map[string]struct {
			Description string `json:"description"`
		} `json:"properties"`
		Required []string  `json:"required"`
		Expected *expected `json:"x-expected"`
		Ref      string    `json:"$ref"`
		Then     *struct {
			Required []string  `json:"required"`
			Expected *expected `json:"x-expected"`
		} `json:"then"`
	}
	var doc struct {
		Required []string       `json:"required"`
		Expected *expected      `json:"x-expected"`
		Defs     map[string]def `json:"$defs"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	keysOf := func(e *expected) []string {
		if e == nil {
			return nil
		}
		return e.Keys
	}
	// Every property names its tier: required, expected or optional (unknown keys are
	// those no property names).
	checked := 0
	for name, d := range doc.Defs {
		for key, p := range d.Properties {
			checked++
			l := strings.ToLower(p.Description)
			if !strings.Contains(l, "required") && !strings.Contains(l, "optional") && !strings.Contains(l, "expected") {
				t.Errorf("$defs/%s/properties/%s: the description names no evidence tier (required, expected, optional): %q", name, key, p.Description)
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d properties checked", checked)
	}
	// Each required or expected list agrees with the descriptions of the keys it names
	// (those of the definition itself, or of the one it references), and no key is in both.
	check := func(where string, props map[string]struct {
		Description string `json:"description"`
	}, req []string, exp *expected) {
		if exp != nil && exp.SeenWith == "" {
			t.Errorf("%s: x-expected does not say what the keys were seen with", where)
		}
		for _, k := range req {
			p, ok := props[k]
			if !ok {
				continue // a name only required (the sourceByType conditions)
			}
			if !strings.Contains(strings.ToLower(p.Description), "required") {
				t.Errorf("%s: %q is required but its description does not say so: %q", where, k, p.Description)
			}
		}
		for _, k := range keysOf(exp) {
			if slices.Contains(req, k) {
				t.Errorf("%s: %q is both required and expected", where, k)
			}
			p, ok := props[k]
			if !ok {
				t.Errorf("%s: expected key %q is no property", where, k)
				continue
			}
			if !strings.Contains(strings.ToLower(p.Description), "expected") {
				t.Errorf("%s: %q is expected but its description does not say so: %q", where, k, p.Description)
			}
		}
	}
	for name, d := range doc.Defs {
		props := d.Properties
		if d.Ref != "" {
			props = doc.Defs[strings.TrimPrefix(d.Ref, "#/$defs/")].Properties
		}
		check("$defs/"+name, props, d.Required, d.Expected)
		if d.Then != nil {
			check("$defs/"+name+"/then", props, d.Then.Required, d.Then.Expected)
		}
	}
	check("root", doc.Defs["form"].Properties, doc.Required, doc.Expected)
	// The top-level keys say "Response: required/expected" exactly for the root's lists, and
	// "Required/Expected in both" exactly for those of RawFormDataRequest too.
	req := doc.Defs["RawFormDataRequest"]
	for key, p := range doc.Defs["form"].Properties {
		d := p.Description
		for _, c := range []struct {
			what, rsp string
			list      []string
			inBoth    string
			reqList   []string
		}{
			{"required", "Response: required", doc.Required, "Required in both", req.Required},
			{"expected", "Response: expected", keysOf(doc.Expected), "Expected in both", keysOf(req.Expected)},
		} {
			rsp := strings.Contains(d, c.rsp) || strings.Contains(d, c.inBoth)
			if rsp != slices.Contains(c.list, key) {
				t.Errorf("form/%s: description says response-%s %t, the root's list %t", key, c.what, rsp, slices.Contains(c.list, key))
			}
			if both := strings.Contains(d, c.inBoth); both != slices.Contains(c.reqList, key) {
				t.Errorf("form/%s: description says request-%s %t, RawFormDataRequest's list %t", key, c.what, both, slices.Contains(c.reqList, key))
			}
		}
	}
}
