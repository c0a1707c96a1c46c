package domain

import "testing"

func TestMaskTarget(t *testing.T) {
	for in, want := range map[string]string{
		"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***",
		"https://oapi.dingtalk.com/robot/send?access_token=abc&x=1":          "https://oapi.dingtalk.com/robot/send?access_token=***&x=***",
		"https://open.feishu.cn/open-apis/bot/v2/hook/xxxx":                  "https://open.feishu.cn/open-apis/bot/v2/hook/xxxx",
		"zhang@heshan.gov.cn": "zhang@heshan.gov.cn",
	} {
		if got := MaskTarget(in); got != want {
			t.Errorf("MaskTarget(%q): got %q, want %q", in, got, want)
		}
	}
}

func TestSubscriptionValidate(t *testing.T) {
	ok := []Subscription{
		{UnitCode: "u", EventKind: "*", Channel: ChannelWeCom, Target: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"},
		{UnitCode: "u", EventKind: "followup.overdue", Channel: ChannelFeishu, Target: "https://open.feishu.cn/open-apis/bot/v2/hook/x", Secret: "s"},
		{UnitCode: "u", EventKind: "data_late", Channel: ChannelEmail, Target: "li.si@heshan.gov.cn"},
		{UnitCode: "u", EventKind: "x", Channel: ChannelWebhook, Target: "http://10.0.0.5:8080/hook"},
	}
	for _, s := range ok {
		if err := s.Validate(); err != nil {
			t.Errorf("%+v: %v", s, err)
		}
	}
	for _, s := range []Subscription{
		{UnitCode: "u", EventKind: "*", Channel: ChannelWebhook, Target: "https:///nohost"},
		{UnitCode: "u", EventKind: "*", Channel: ChannelWebhook, Target: "https://x.cn/a b"},
		{UnitCode: "u", EventKind: "*", Channel: ChannelEmail, Target: "a@b"},
		{UnitCode: "u", EventKind: "*", Channel: ChannelEmail, Target: "a@b.cn\r\nBcc: c@d.cn"},
		{UnitCode: "u", EventKind: "*", Channel: ChannelFeishu, Target: "https://open.feishu.cn/x"},
	} {
		if err := s.Validate(); ErrorKind(err) != EINVALID {
			t.Errorf("%+v: got %v, want invalid", s, err)
		}
	}
}
