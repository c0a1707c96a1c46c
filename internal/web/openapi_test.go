package web_test

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"pacer/internal/app"
	"pacer/internal/domain"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// TestOpenAPI: GET /api/v1/openapi.json is OpenAPI 3.1; its paths and the route table's API
// routes agree both ways; and real responses — successes and errors — validate against the
// schemas it gives, which forbid fields they do not name (a field added or renamed in a handler's
// type without the description following would fail here).
func TestOpenAPI(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			base := fxServe(t, s)
			c := login(t, base, fxUser(domain.RoleAnalyst), fxPassword)
			doc := c.getJSON("/api/v1/openapi.json", 200)
			if doc["openapi"] != "3.1.0" {
				t.Fatalf("openapi: %v", doc["openapi"])
			}
			paths := doc["paths"].(map[string]any)

			// Both ways: every API route is described; every description is a route.
			routes := map[string]bool{}
			for _, rt := range (&web.Server{Services: app.Services(s)}).Routes() {
				method, path, _ := strings.Cut(rt.Pattern, " ")
				if !strings.HasPrefix(path, "/api/") {
					continue
				}
				key := strings.ToLower(method) + " " + path
				routes[key] = true
				item, _ := paths[path].(map[string]any)
				if item == nil || item[strings.ToLower(method)] == nil {
					t.Errorf("route %s is not in openapi.json", rt.Pattern)
				}
			}
			for path, item := range paths {
				for method := range item.(map[string]any) {
					if !routes[method+" "+path] {
						t.Errorf("openapi.json describes %s %s, which is no route", strings.ToUpper(method), path)
					}
				}
			}

			schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
			check := func(path, method, code string, body string) {
				t.Helper()
				op := paths[path].(map[string]any)[method].(map[string]any)
				resp, ok := op["responses"].(map[string]any)[code].(map[string]any)
				if !ok {
					t.Errorf("%s %s: no response %s described", method, path, code)
					return
				}
				schema := resp["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
				var v any
				if err := json.Unmarshal([]byte(body), &v); err != nil {
					t.Fatalf("%s %s: %v", method, path, err)
				}
				if errs := validate(v, schema, schemas, "$"); len(errs) > 0 {
					t.Errorf("%s %s → %s does not validate:\n  %s", method, path, code, strings.Join(errs, "\n  "))
				}
			}
			for _, tc := range []struct{ url, path, code string }{
				{"/api/v1/scorecard?region=" + fxRegion + "&period=" + fxHome, "/api/v1/scorecard", "200"},
				{"/api/v1/ranking?parent=441700&indicator=gdp&period=" + fxHome, "/api/v1/ranking", "200"},
				{"/api/v1/indicators/retail/series?region=" + fxRegion + "&period=" + fxHome, "/api/v1/indicators/{code}/series", "200"},
				{"/api/v1/indicators/retail/scenario?growth=7.5&region=" + fxRegion + "&period=" + fxHome, "/api/v1/indicators/{code}/scenario", "200"},
				{"/api/v1/indicators/retail/scenario?growth=abc&region=" + fxRegion + "&period=" + fxHome, "/api/v1/indicators/{code}/scenario", "400"},
				{"/api/v1/attraction/summary?region=" + fxRegion + "&period=" + fxHome, "/api/v1/attraction/summary", "200"},
				{"/api/v1/scorecard?region=" + fxRegion, "/api/v1/scorecard", "400"},
				{"/api/v1/rollup?region=" + fxParent + "&period=" + fxPeriod, "/api/v1/rollup", "200"},
				{"/api/v1/rollup?region=" + fxParent, "/api/v1/rollup", "400"},
				{"/api/v1/scorecard?region=999999&period=" + fxHome, "/api/v1/scorecard", "404"},
				{"/api/v1/indicators/nope/series?region=" + fxRegion + "&period=" + fxHome, "/api/v1/indicators/{code}/series", "404"},
			} {
				r := c.get(tc.url)
				if fmt.Sprint(r.code) != tc.code {
					t.Errorf("GET %s: %d, want %s", tc.url, r.code, tc.code)
					continue
				}
				check(tc.path, "get", tc.code, r.body)
			}
			anon := newClient(t, base)
			check("/api/v1/scorecard", "get", "401", anon.get("/api/v1/scorecard?region="+fxRegion+"&period="+fxHome).body)

			// The validator is not vacuous: a response with a field the schema does not name fails.
			var sc map[string]any
			json.Unmarshal([]byte(c.get("/api/v1/scorecard?region="+fxRegion+"&period="+fxHome).body), &sc)
			sc["surprise"] = 1
			op := paths["/api/v1/scorecard"].(map[string]any)["get"].(map[string]any)
			schema := op["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
			if errs := validate(sc, schema, schemas, "$"); len(errs) == 0 {
				t.Error("a scorecard with an undescribed field validated")
			}
		})
	}
}

// validate checks v against the subset of JSON Schema 2020-12 the description uses: $ref,
// oneOf, type (one or a list), properties, required, additionalProperties, items.
func validate(v any, schema any, defs map[string]any, at string) []string {
	s, _ := schema.(map[string]any)
	if ref, ok := s["$ref"].(string); ok {
		return validate(v, defs[strings.TrimPrefix(ref, "#/components/schemas/")], defs, at)
	}
	if one, ok := s["oneOf"].([]any); ok {
		matched := 0
		var all []string
		for _, alt := range one {
			errs := validate(v, alt, defs, at)
			if len(errs) == 0 {
				matched++
			}
			all = append(all, errs...)
		}
		if matched != 1 {
			return append([]string{fmt.Sprintf("%s: matches %d of oneOf", at, matched)}, all...)
		}
		return nil
	}
	if ty, ok := s["type"]; ok {
		var types []string
		switch x := ty.(type) {
		case string:
			types = []string{x}
		case []any:
			for _, e := range x {
				types = append(types, e.(string))
			}
		}
		if !sortedContains(types, jsonType(v)) && !(jsonType(v) == "integer" && sortedContains(types, "number")) {
			return []string{fmt.Sprintf("%s: %s, want %v", at, jsonType(v), types)}
		}
	}
	var errs []string
	switch x := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := x[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required %q missing", at, r))
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := props[k]; ok {
				errs = append(errs, validate(x[k], p, defs, at+"."+k)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					errs = append(errs, fmt.Sprintf("%s: field %q not in the schema", at, k))
				}
			case map[string]any:
				errs = append(errs, validate(x[k], ap, defs, at+"."+k)...)
			}
		}
	case []any:
		if items, ok := s["items"]; ok {
			for i, e := range x {
				errs = append(errs, validate(e, items, defs, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return errs
}

func asList(v any) []any { l, _ := v.([]any); return l }

func sortedContains(l []string, s string) bool {
	for _, e := range l {
		if e == s {
			return true
		}
	}
	return false
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}
