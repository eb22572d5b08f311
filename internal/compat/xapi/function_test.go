package xapi

import (
	"strings"
	"testing"
	"time"
)

func TestParseFunction(t *testing.T) {
	seg := "Pbx.GetUserActivity(clientTimeZone='Asia%2FJerusalem',periodFrom=2025-05-01T21%3A00%3A00.000Z," +
		"periodTo=2025-06-01T00%3A00%3A00%2B02%3A00,groupNumber='',extensionDns='101%20102',waitInterval='0%3A00%3A30'," +
		"includeQueueCalls=true,callArea=2,groupingType=0)"
	f, err := parseFunction(seg)
	if err != nil {
		t.Fatal(err)
	}
	q, err := readReportQuery(f)
	if err != nil {
		t.Fatal(err)
	}
	if f.name != "Pbx.GetUserActivity" || q.zone.String() != "Asia/Jerusalem" ||
		!q.from.Equal(time.Date(2025, 5, 1, 21, 0, 0, 0, time.UTC)) || !q.to.Equal(time.Date(2025, 5, 31, 22, 0, 0, 0, time.UTC)) ||
		q.group != "" || strings.Join(q.extensions, "|") != "101|102" || q.wait != 30*time.Second ||
		!q.includeQueue || q.callArea != 2 {
		t.Fatalf("got %+v from %s", q, seg)
	}
}

func TestFunctionLiterals(t *testing.T) {
	f, err := parseFunction("Pbx.F(a='it''s (here), ok',b=null,c='',d='%2B08%3A00')")
	if err != nil {
		t.Fatal(err)
	}
	p := newParams(f)
	if got := p.text("a"); got != "it's (here), ok" {
		t.Errorf("a = %q", got)
	}
	if p.text("b") != "" || p.text("c") != "" || p.zone("d").String() != "+08:00" || p.done() != nil {
		t.Errorf("null, '' and an offset zone: %v", p.err)
	}
}

func TestTimeSpans(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"0:00:00": 0, "0:00:30": 30 * time.Second, "1:02:03": time.Hour + 2*time.Minute + 3*time.Second,
		"1.00:00:00": 24 * time.Hour, "0:00:01.5": 1500 * time.Millisecond, "25:00:00": 25 * time.Hour,
	} {
		if got, ok := parseTimeSpan(in); !ok || got != want {
			t.Errorf("parseTimeSpan(%q) = %s, %v; want %s", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "30", "0:60:00", "0:00:60", "0:0:00", "a:00:00", "-1:00:00", "-0:00:30", "-0.00:00:30", "+0:00:30", "1:00", "x.00:00:00"} {
		if _, ok := parseTimeSpan(bad); ok {
			t.Errorf("parseTimeSpan(%q) accepted", bad)
		}
	}
}

// The nine parameters, any of which a case below spoils.
const nine = "clientTimeZone='Europe%2FBerlin',periodFrom=2025-03-13T23%3A00%3A00.000Z,periodTo=2025-03-14T23%3A00%3A00.000Z," +
	"groupNumber='',extensionDns='',waitInterval='0%3A00%3A00',includeQueueCalls=false,callArea=0,groupingType=0"

func TestBadParametersAreNamed(t *testing.T) {
	cases := []struct{ args, name string }{
		{strings.Replace(nine, "callArea=0,", "", 1), "callArea"},
		{nine + ",callArea=1", "callArea"},
		{nine + ",colour='red'", "colour"},
		{strings.Replace(nine, "callArea=0", "callArea=3", 1), "callArea"},
		{strings.Replace(nine, "callArea=0", "callArea='0'", 1), "callArea"},
		{strings.Replace(nine, "groupingType=0", "groupingType=4", 1), "groupingType"},
		{strings.Replace(nine, "includeQueueCalls=false", "includeQueueCalls=no", 1), "includeQueueCalls"},
		{strings.Replace(nine, "Europe%2FBerlin", "Mars%2FBase", 1), "clientTimeZone"},
		{strings.Replace(nine, "'0%3A00%3A00'", "'soon'", 1), "waitInterval"},
		{strings.Replace(nine, "periodFrom=2025-03-13T23%3A00%3A00.000Z", "periodFrom='2025-03-13'", 1), "periodFrom"},
		{strings.Replace(nine, "periodTo=2025-03-14T23%3A00%3A00.000Z", "periodTo=2025-03-12T23%3A00%3A00.000Z", 1), "periodTo"},
		{strings.Replace(nine, "groupNumber=''", "groupNumber=10", 1), "groupNumber"},
		{strings.Replace(nine, "groupNumber=''", "groupNumber='10", 1), "groupNumber"},
	}
	for _, c := range cases {
		f, err := parseFunction("Pbx.GetUserActivity(" + c.args + ")")
		if err == nil {
			_, err = readReportQuery(f)
		}
		e, ok := err.(*odataError)
		if !ok || e.status != 400 || !strings.Contains(e.msg, c.name) {
			t.Errorf("%s: got %v, want a 400 naming %s", c.args, err, c.name)
		}
	}
	for _, seg := range []string{"Pbx.GetUserActivity", "Pbx.GetUserActivity(a=1,)", "Pbx.GetUserActivity(a)", "Pbx.GetUserActivity(a=1 b=2)", "Pbx.GetUserActivity(a=)"} {
		if _, err := parseFunction(seg); err == nil {
			t.Errorf("%s parsed", seg)
		}
	}
}
