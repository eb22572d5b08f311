package chart

import (
	"fmt"
	"html/template"
	"time"
)

// Band is a span of a lane: a status held, a session.
type Band struct {
	From, To time.Time
	Color    string
	Title    string // shown on hover
}

// Mark is a moment of a lane: a call.
type Mark struct {
	At, To time.Time // To: the end, drawn as a thin bar when after At
	Color  string
	Title  string
}

// Lane is one row of a timeline.
type Lane struct {
	Label string
	Bands []Band
	Marks []Mark
}

// Timeline draws lanes over [start, end) with an hour axis in zone.
type Timeline struct {
	Start, End time.Time
	Zone       *time.Location
	Lanes      []Lane
	Label      string // for screen readers
}

const (
	timelineWidth = 1200
	laneLabel     = 110 // px left of the lanes
	laneHeight    = 34
	axisHeight    = 22
)

// SVG draws the timeline.
func (tl Timeline) SVG() template.HTML {
	var s svg
	height := axisHeight + len(tl.Lanes)*laneHeight + 4
	s.open(timelineWidth, height, tl.Label)
	plot := float64(timelineWidth - laneLabel - 10)
	span := tl.End.Sub(tl.Start).Seconds()
	x := func(t time.Time) float64 {
		f := t.Sub(tl.Start).Seconds() / span
		return laneLabel + plot*min(max(f, 0), 1)
	}
	tl.axis(&s, x, float64(height))
	for i, lane := range tl.Lanes {
		y := float64(axisHeight + i*laneHeight)
		s.text(laneLabel-8, y+laneHeight/2+4, "end", lane.Label, 14)
		for _, b := range lane.Bands {
			s.rect(x(b.From), y+4, x(b.To)-x(b.From), laneHeight-8, b.Color, b.Title)
		}
		for _, m := range lane.Marks {
			w := max(2, x(m.To)-x(m.At))
			s.rect(x(m.At), y+6, w, laneHeight-12, m.Color, m.Title)
		}
	}
	return s.done()
}

// axis draws an hour grid: every hour a line, every few hours a label.
func (tl Timeline) axis(s *svg, x func(time.Time) float64, height float64) {
	y, m, d := tl.Start.In(tl.Zone).Date()
	step := 1
	if tl.End.Sub(tl.Start) > 30*time.Hour {
		step = 6
	}
	for h := 0; ; h += step {
		t := time.Date(y, m, d, h, 0, 0, 0, tl.Zone)
		if !t.Before(tl.End) {
			break
		}
		if t.Before(tl.Start) {
			continue
		}
		s.line(x(t), axisHeight-4, x(t), height, "grid")
		if h%(2*step) == 0 || step > 1 {
			s.text(x(t), 14, "middle", fmt.Sprintf("%02d:00", t.Hour()), 6)
		}
	}
}
