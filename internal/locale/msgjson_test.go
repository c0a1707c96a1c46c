package locale

import (
	"encoding/json"
	"testing"
)

func TestMsgJSONRoundTrip(t *testing.T) {
	in := M("bulletin.trace.and", M("bulletin.trace.value", M("bulletin.trace.cell", "B5", "地区生产总值/绝对值", "1840.5")), "x")
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Msg
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if got, want := out.In("zh-CN"), in.In("zh-CN"); got != want {
		t.Errorf("after JSON: got %q, want %q", got, want)
	}
}
