package chart

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"
)

// wellFormed fails the test unless s parses as XML.
func wellFormed(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return
			}
			t.Fatalf("the SVG is not well-formed: %v\n%.500s", err, s)
		}
	}
}

func hours(f float64) string { return fmt.Sprintf("%.1f h", f/3600) }

func TestHorizontalGrowsWithBarsAndEscapes(t *testing.T) {
	series := []Series{{"Available", "#2e9e44"}, {"Lunch", `"><script>`}}
	var bars []Bar
	for i := range 300 {
		bars = append(bars, Bar{Label: fmt.Sprintf("agent with a very long name number %03d <b>", i), Href: "/agents/x?a=1&b=2", Values: []float64{3600, 1800}})
	}
	out := string(Stacked{Series: series, Bars: bars, Format: hours, Label: "time in status"}.Horizontal())
	wellFormed(t, out)
	if !strings.Contains(out, `height="6624"`) {
		t.Errorf("300 bars: want the chart 300×22+24 px tall, got %.200s", out)
	}
	if strings.Contains(out, "<script>") || strings.Contains(out, "<b>") {
		t.Error("text reached the SVG unescaped")
	}
	if !strings.Contains(out, `fill="#888888"`) {
		t.Error("an invalid colour was not replaced by grey")
	}
	if !strings.Contains(out, "<title>agent with a very long name number 000 &lt;b&gt;</title>") || !strings.Contains(out, "agent with a very long …") {
		t.Error("a long label should be cut, with its whole text in a title")
	}
	if !strings.Contains(out, "<title>agent with a very long name number 007 &lt;b&gt; · Available: 1.0 h</title>") {
		t.Error("a bar part lacks its hover title")
	}
}

func TestVerticalScalesToRoundTop(t *testing.T) {
	c := Stacked{Series: []Series{{"answered", "#1e7b34"}, {"unanswered", "#a4161a"}},
		Bars: []Bar{{Label: "09:00", Values: []float64{30, 7}}, {Label: "10:00", Values: []float64{0, 0}}}, Format: func(f float64) string { return fmt.Sprint(f) }}
	if got := c.niceTop(); got != 40 {
		t.Errorf("niceTop for 37: got %v, want 40", got)
	}
	out := string(c.Vertical())
	wellFormed(t, out)
	if !strings.Contains(out, "<title>09:00 · unanswered: 7</title>") {
		t.Errorf("missing the unanswered part's title: %.400s", out)
	}
	if strings.Count(out, "<rect") != 2 {
		t.Errorf("empty buckets draw nothing: got %d rects, want 2", strings.Count(out, "<rect"))
	}
}

func TestTimelinePlacesBandsInTheDay(t *testing.T) {
	zone, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, zone)
	tl := Timeline{Start: start, End: start.Add(24 * time.Hour), Zone: zone, Lanes: []Lane{
		{Label: "Status", Bands: []Band{{From: start.Add(12 * time.Hour), To: start.Add(18 * time.Hour), Color: "#2e9e44", Title: "Available 12:00–18:00"}}},
		{Label: "Calls", Marks: []Mark{{At: start.Add(13 * time.Hour), To: start.Add(13*time.Hour + 5*time.Minute), Color: "#0b5cad", Title: "call"}}},
	}}
	out := string(tl.SVG())
	wellFormed(t, out)
	// noon is half-way along the 1080 px plot that starts at 110 px
	if !strings.Contains(out, `<rect x="650.0" y="26.0" width="270.0"`) {
		t.Errorf("the band is not at noon to six: %.600s", out)
	}
	if !strings.Contains(out, ">12:00</text>") {
		t.Error("the axis lacks its noon label")
	}
}
