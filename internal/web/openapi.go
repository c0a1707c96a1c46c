package web

import (
	"encoding"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"time"

	"pacer/internal/leads"
	"pacer/internal/plans"
	"pacer/internal/scorecard"
)

// The API's description (OpenAPI 3.1), made from the route table and the Go types the handlers
// encode: a field added to a response type is in the description at once. Every API route must
// have its entry in apiDocs (a test walks both ways), with its parameters and response type.

// apiParam is one parameter of an API route.
type apiParam struct {
	Name, In string // In: "query" or "path"
	Required bool
	About    string
}

// apiDoc describes one API route of the route table.
type apiDoc struct {
	Pattern  string
	Summary  string
	Params   []apiParam
	Response any // a value of the type the handler encodes on success
}

func apiDocs() []apiDoc {
	region := apiParam{"region", "query", true, "region code (GB/T 2260), e.g. 440784"}
	period := apiParam{"period", "query", true, "period YYYY-MM (cumulative from January)"}
	return []apiDoc{
		{"GET /api/v1/scorecard", "A region's scorecard for a period: every indicator with both target tiers, completion, required growth (需增速), status and rank.",
			[]apiParam{region, period}, scorecard.Scorecard{}},
		{"GET /api/v1/ranking", "The ranking of a parent region's children on one indicator.",
			[]apiParam{{"parent", "query", true, "parent region code, e.g. 440700"}, {"indicator", "query", true, "indicator code, e.g. gdp"},
				period, {"by", "query", false, "growth (default) or value"}}, scorecard.Ranking{}},
		{"GET /api/v1/indicators/{code}/series", "One indicator's monthly series for a region's year: values, growth, last year, targets, time progress.",
			[]apiParam{{"code", "path", true, "indicator code"}, {"region", "query", false, "region code; default the home county"},
				{"period", "query", false, "period YYYY-MM; default the latest period of the home year with data"}}, scorecard.Series{}},
		{"GET /api/v1/indicators/{code}/scenario", "What-if: if the rest of the year grows g%, where the year lands (value, growth, both tiers' completion), and the growth each tier needs (需增速).",
			[]apiParam{{"code", "path", true, "indicator code"}, {"growth", "query", true, "growth of the rest of the year, percent (e.g. 7.5)"},
				{"region", "query", false, "region code; default the home county"}, {"period", "query", false, "period YYYY-MM; default the latest with data"}}, plans.Scenario{}},
		{"GET /api/v1/attraction/summary", "Investment attraction (招商) for a region and period: signed projects of 1亿 and more and their investment against both target tiers, by team and source region (a county includes its towns).",
			[]apiParam{{"region", "query", false, "region code; default the home county"}, {"period", "query", false, "period YYYY-MM; default the latest with data"}}, leads.Summary{}},
		{"GET /api/v1/rollup", "A prefecture's or province's regions side by side at a period: each region's figures against both target tiers with status and rank among them; for indicators that add up, the region's own figure beside the sum of its regions (growth of the sum from summed last-year values) and the difference; and who has not submitted or approved the period (未报/未审).",
			[]apiParam{{"region", "query", true, "the parent region's code, e.g. 440700 (a prefecture) or 440000 (a province)"}, period,
				{"counties", "query", false, "1: a province's county-level units rather than its prefectures"}}, scorecard.Rollup{}},
		{"GET /api/v1/openapi.json", "This description.", nil, map[string]any{}},
	}
}

// GET /api/v1/openapi.json
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, openAPI(s.Routes()))
}

// openAPI builds the description of the API routes among routes.
func openAPI(routes []Route) map[string]any {
	docs := map[string]apiDoc{}
	for _, d := range apiDocs() {
		docs[d.Pattern] = d
	}
	g := &schemaGen{defs: map[string]any{}, names: map[reflect.Type]string{}}
	paths := map[string]any{}
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if !strings.HasPrefix(path, "/api/") {
			continue
		}
		d, ok := docs[rt.Pattern]
		if !ok {
			continue // the test fails on this: every API route needs its entry
		}
		params := []any{}
		for _, p := range d.Params {
			params = append(params, map[string]any{"name": p.Name, "in": p.In, "required": p.Required || p.In == "path",
				"description": p.About, "schema": map[string]any{"type": "string"}})
		}
		var ok200 any = map[string]any{"type": "object"}
		if _, isMap := d.Response.(map[string]any); !isMap {
			ok200 = g.schema(reflect.TypeOf(d.Response))
		}
		errRef := map[string]any{"$ref": "#/components/schemas/Error"}
		errResp := func(what string) any {
			return map[string]any{"description": what, "content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
		}
		op := map[string]any{
			"summary":    d.Summary,
			"parameters": params,
			"security":   []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}},
			"responses": map[string]any{
				"200": map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": ok200}}},
				"400": errResp("a parameter is missing or malformed"),
				"401": errResp("no session and no valid API token"),
				"403": errResp("the account's role may not do this"),
				"404": errResp("no such region, indicator or figure"),
				"500": errResp("internal error (its cause is logged, never shown)"),
			},
		}
		item, _ := paths[path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[path] = item
		}
		item[strings.ToLower(method)] = op
	}
	g.defs["Error"] = map[string]any{
		"type": "object", "additionalProperties": false, "required": []any{"error"},
		"properties": map[string]any{"error": map[string]any{
			"type": "object", "additionalProperties": false, "required": []any{"kind", "message"},
			"properties": map[string]any{
				"kind":    map[string]any{"type": "string", "description": "invalid, not_found, conflict, forbidden, unauthorized or internal"},
				"message": map[string]any{"type": "string", "description": "in the session's language, else Accept-Language"},
			}}},
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Pacer API", "version": "1",
			"description": "Read-only JSON API of Pacer. Authenticate with an API token (Authorization: Bearer …, made with `pacer user token` or on /account/tokens) or a browser session. Money in the indicator's unit (亿元 unless stated), rates in percent."},
		"paths": paths,
		"components": map[string]any{
			"schemas": g.defs,
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "pacer_session"},
			},
		},
	}
}

// schemaGen makes JSON Schemas (2020-12, as OpenAPI 3.1 uses) of Go types as encoding/json
// writes them; named struct types become components.
type schemaGen struct {
	defs  map[string]any
	names map[reflect.Type]string
}

var (
	textMarshaler = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
	timeType      = reflect.TypeOf(time.Time{})
)

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() != reflect.Pointer && t.Implements(textMarshaler):
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(g.schema(t.Elem()))
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return nullable(map[string]any{"type": "array", "items": g.schema(t.Elem())}) // a nil slice is null
	case reflect.Map:
		return nullable(map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())})
	case reflect.Struct:
		return g.object(t)
	}
	return map[string]any{} // interface: any value
}

// nullable lets s also be null.
func nullable(s map[string]any) map[string]any {
	if ref, ok := s["$ref"]; ok {
		return map[string]any{"oneOf": []any{map[string]any{"$ref": ref}, map[string]any{"type": "null"}}}
	}
	out := map[string]any{}
	for k, v := range s {
		out[k] = v
	}
	out["type"] = []any{s["type"], "null"}
	return out
}

// object is a struct's schema: a reference to its component (made once).
func (g *schemaGen) object(t reflect.Type) map[string]any {
	name, ok := g.names[t]
	if !ok {
		name = t.Name()
		if name == "" {
			return g.structSchema(t)
		}
		if _, taken := g.defs[name]; taken {
			name = strings.ReplaceAll(t.String(), ".", "_")
		}
		g.names[t] = name
		g.defs[name] = map[string]any{} // placeholder: recursive types refer to it
		g.defs[name] = g.structSchema(t)
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

func (g *schemaGen) structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []any
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" || (!f.IsExported() && !f.Anonymous) {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft) // embedded: its fields are the outer object's
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			props[name] = g.schema(f.Type)
			if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
				required = append(required, name)
			}
		}
	}
	walk(t)
	sort.Slice(required, func(i, j int) bool { return required[i].(string) < required[j].(string) })
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}
