package locale

import (
	"bytes"
	"encoding/json"
)

// UnmarshalJSON reads a Msg as encoding/json writes it ({"Key":…,"Args":[…]}), turning an
// argument that is itself such an object back into a Msg, so a message built of messages (a
// bulletin figure's trace) renders the same after a round trip through JSON.
func (m *Msg) UnmarshalJSON(b []byte) error {
	var raw struct {
		Key  string
		Args []json.RawMessage
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	m.Key, m.Args = raw.Key, nil
	for _, a := range raw.Args {
		var v any
		if t := bytes.TrimSpace(a); len(t) > 0 && t[0] == '{' {
			var probe map[string]json.RawMessage
			if json.Unmarshal(t, &probe) == nil {
				if _, ok := probe["Key"]; ok {
					var sub Msg
					if err := sub.UnmarshalJSON(t); err != nil {
						return err
					}
					m.Args = append(m.Args, sub)
					continue
				}
			}
		}
		if err := json.Unmarshal(a, &v); err != nil {
			return err
		}
		m.Args = append(m.Args, v)
	}
	return nil
}
