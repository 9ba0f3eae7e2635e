package rawform

import (
	"encoding/json"
	"math/big"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// quickValid answers "does v validate against s?" without building errors, walking the
// schema the jsonschema library compiled. It exists for speed: the library's Validate
// allocates locations and evaluation sets for every value, which dominates Parse on large
// tasks, while almost every real document is valid. The library stays the authority:
//
//   - sure is false when the schema uses a keyword this walker does not implement (it then
//     knows nothing, and the caller runs the library);
//   - when the answer is "invalid", the caller runs the library anyway, to get the errors.
//
// So a wrong "valid" is the only possible harm; TestQuickAgreesWithLibrary and the fuzz
// targets compare both answers on valid and mutated documents.
func quickValid(s *jsonschema.Schema, v any) (valid, sure bool) {
	q := quick{sure: true}
	ok := q.valid(s, v)
	return ok, q.sure
}

type quick struct{ sure bool }

func (q *quick) valid(s *jsonschema.Schema, v any) bool {
	if !q.sure {
		return false
	}
	if s.Always != nil {
		return *s.Always
	}
	if s.RecursiveRef != nil || s.DynamicRef != nil || s.UnevaluatedProperties != nil ||
		s.UnevaluatedItems != nil || s.Contains != nil || s.UniqueItems || s.PropertyNames != nil ||
		len(s.Dependencies) > 0 || len(s.DependentRequired) > 0 || len(s.DependentSchemas) > 0 ||
		s.MultipleOf != nil || s.ContentEncoding != "" || s.ContentMediaType != "" || s.ContentSchema != nil ||
		len(s.Extensions) > 0 || s.Format != "" || s.Items != nil || s.AdditionalItems != nil || s.RegexProperties {
		q.sure = false
		return false
	}
	if s.Ref != nil && !q.valid(s.Ref, v) {
		return false
	}
	if len(s.Types) > 0 && !typeMatches(s.Types, v) {
		return false
	}
	if len(s.Constant) > 0 && !jsonEqual(v, s.Constant[0]) {
		return false
	}
	if len(s.Enum) > 0 {
		found := false
		for _, e := range s.Enum {
			if jsonEqual(v, e) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if s.Not != nil && q.valid(s.Not, v) {
		return false
	}
	for _, sub := range s.AllOf {
		if !q.valid(sub, v) {
			return false
		}
	}
	if len(s.AnyOf) > 0 {
		any := false
		for _, sub := range s.AnyOf {
			if q.valid(sub, v) {
				any = true
				break
			}
		}
		if !any {
			return false
		}
	}
	if len(s.OneOf) > 0 {
		n := 0
		for _, sub := range s.OneOf {
			if q.valid(sub, v) {
				n++
			}
		}
		if n != 1 {
			return false
		}
	}
	if s.If != nil {
		if q.valid(s.If, v) {
			if s.Then != nil && !q.valid(s.Then, v) {
				return false
			}
		} else if s.Else != nil && !q.valid(s.Else, v) {
			return false
		}
	}
	if !q.sure {
		return false
	}
	switch x := v.(type) {
	case map[string]any:
		return q.object(s, x)
	case []any:
		if s.MinItems >= 0 && len(x) < s.MinItems || s.MaxItems >= 0 && len(x) > s.MaxItems {
			return false
		}
		for i, it := range x {
			var sub *jsonschema.Schema
			if i < len(s.PrefixItems) {
				sub = s.PrefixItems[i]
			} else {
				sub = s.Items2020
			}
			if sub != nil && !q.valid(sub, it) {
				return false
			}
		}
	case string:
		if s.MinLength >= 0 || s.MaxLength >= 0 {
			n := utf8.RuneCountInString(x)
			if s.MinLength >= 0 && n < s.MinLength || s.MaxLength >= 0 && n > s.MaxLength {
				return false
			}
		}
		if s.Pattern != nil && !s.Pattern.MatchString(x) {
			return false
		}
	case json.Number:
		if s.Minimum != nil || s.Maximum != nil || s.ExclusiveMinimum != nil || s.ExclusiveMaximum != nil {
			r, ok := new(big.Rat).SetString(string(x))
			if !ok {
				return false
			}
			if s.Minimum != nil && r.Cmp(s.Minimum) < 0 || s.Maximum != nil && r.Cmp(s.Maximum) > 0 ||
				s.ExclusiveMinimum != nil && r.Cmp(s.ExclusiveMinimum) <= 0 ||
				s.ExclusiveMaximum != nil && r.Cmp(s.ExclusiveMaximum) >= 0 {
				return false
			}
		}
	}
	return q.sure
}

func (q *quick) object(s *jsonschema.Schema, m map[string]any) bool {
	if s.MinProperties >= 0 && len(m) < s.MinProperties || s.MaxProperties >= 0 && len(m) > s.MaxProperties {
		return false
	}
	for _, k := range s.Required {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	for k, val := range m {
		matched := false
		if sub, ok := s.Properties[k]; ok {
			matched = true
			if !q.valid(sub, val) {
				return false
			}
		}
		for re, sub := range s.PatternProperties {
			if re.MatchString(k) {
				matched = true
				if !q.valid(sub, val) {
					return false
				}
			}
		}
		if matched {
			continue
		}
		switch ap := s.AdditionalProperties.(type) {
		case bool:
			if !ap {
				return false
			}
		case *jsonschema.Schema:
			if !q.valid(ap, val) {
				return false
			}
		}
	}
	return q.sure
}

func typeMatches(types []string, v any) bool {
	t := jsonKind(v)
	for _, want := range types {
		if want == t {
			return true
		}
		if want == "integer" && t == "number" {
			if r, ok := new(big.Rat).SetString(string(v.(json.Number))); ok && r.IsInt() {
				return true
			}
		}
	}
	return false
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "invalid"
}

// jsonEqual is JSON equality as the library defines it (numbers compare by value).
func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !jsonEqual(xv, yv) {
				return false
			}
		}
		return true
	case json.Number:
		var ys string
		switch y := b.(type) {
		case json.Number:
			ys = string(y)
		case float64:
			ys = big.NewFloat(y).Text('g', -1)
		default:
			return false
		}
		r1, ok1 := new(big.Rat).SetString(string(x))
		r2, ok2 := new(big.Rat).SetString(ys)
		return ok1 && ok2 && r1.Cmp(r2) == 0
	case float64:
		return jsonEqual(json.Number(big.NewFloat(x).Text('g', -1)), b)
	}
	return a == b
}
