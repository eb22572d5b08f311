package chart

import (
	"html/template"
	"math"
)

// Bar is one stacked bar: a value per series, in the order of the chart's
// series.
type Bar struct {
	Label  string
	Href   string // where the label leads; "" for none
	Values []float64
}

// Stacked is a stacked bar chart. Format writes a value for the hover
// titles and the axis (hours, calls).
type Stacked struct {
	Series []Series
	Bars   []Bar
	Format func(float64) string
	Label  string // for screen readers
}

const (
	hbarLabel  = 170 // px for the labels left of horizontal bars
	hbarWidth  = 1100
	hbarHeight = 18
	hbarGap    = 4

	minColumnWidth = 22
	maxColumnWidth = 80
	columnGap      = 6
	columnHeight   = 260
	columnLabels   = 70 // px under the columns for their slanted labels
	columnAxis     = 60 // px left of the columns for the value axis
)

func (c Stacked) total(b Bar) float64 {
	sum := 0.0
	for _, v := range b.Values {
		sum += max(v, 0)
	}
	return sum
}

func (c Stacked) largest() float64 {
	m := 0.0
	for _, b := range c.Bars {
		m = max(m, c.total(b))
	}
	if m == 0 {
		return 1
	}
	return m
}

// title is a part's hover text: the bar, the series and the value.
func (c Stacked) title(b Bar, i int) string {
	return b.Label + " · " + c.Series[i].Name + ": " + c.Format(b.Values[i])
}

// Horizontal draws one bar per row, as long as the chart needs rows: with
// hundreds of agents it grows tall and the page scrolls it.
func (c Stacked) Horizontal() template.HTML {
	var s svg
	height := len(c.Bars)*(hbarHeight+hbarGap) + 24
	s.open(hbarLabel+hbarWidth+70, height, c.Label)
	scale := float64(hbarWidth) / c.largest()
	for i, b := range c.Bars {
		y := float64(i * (hbarHeight + hbarGap))
		if b.Href != "" {
			s.link(b.Href)
		}
		s.text(hbarLabel-6, y+hbarHeight-4, "end", b.Label, 24)
		if b.Href != "" {
			s.closeLink()
		}
		x := float64(hbarLabel)
		for j, v := range b.Values {
			if v <= 0 {
				continue
			}
			s.rect(x, y, v*scale, hbarHeight, c.Series[j].Color, c.title(b, j))
			x += v * scale
		}
		s.text(x+4, y+hbarHeight-4, "start", c.Format(c.total(b)), 12)
	}
	s.line(hbarLabel, 0, hbarLabel, float64(height-20), "axis")
	return s.done()
}

// Vertical draws one column per bucket, left to right; with many buckets
// it grows wide and the page scrolls it.
func (c Stacked) Vertical() template.HTML {
	var s svg
	// few columns widen to fill the width; many keep a minimum and scroll
	columnWidth := min(maxColumnWidth, max(minColumnWidth, 1000/max(1, len(c.Bars))-columnGap))
	width := columnAxis + len(c.Bars)*(columnWidth+columnGap) + 10
	s.open(max(width+columnLabels, 300), columnHeight+columnLabels, c.Label) // room for the last slanted label
	top := c.niceTop()
	scale := float64(columnHeight-10) / top
	for _, f := range []float64{0, 0.25, 0.5, 0.75, 1} {
		y := columnHeight - f*top*scale
		s.line(columnAxis, y, float64(width), y, "grid")
		s.text(columnAxis-4, y+4, "end", c.Format(f*top), 10)
	}
	for i, b := range c.Bars {
		x := float64(columnAxis + columnGap + i*(columnWidth+columnGap))
		y := float64(columnHeight)
		for j, v := range b.Values {
			if v <= 0 {
				continue
			}
			s.rect(x, y-v*scale, float64(columnWidth), v*scale, c.Series[j].Color, c.title(b, j))
			y -= v * scale
		}
		if len(c.Bars) <= 48 || i%max(1, len(c.Bars)/48) == 0 {
			s.b.WriteString(`<g transform="translate(` + fmtf(x+float64(columnWidth)/2) + ` ` + fmtf(columnHeight+12) + `) rotate(35)">`)
			s.text(0, 0, "start", b.Label, 14)
			s.b.WriteString(`</g>`)
		}
	}
	s.line(columnAxis, columnHeight, float64(width), columnHeight, "axis")
	return s.done()
}

// niceTop rounds the largest column up to a round number (1, 1.2, 1.6, 2,
// 2.4, 3, 4, 5, 6 or 8 times a power of ten) whose quarters read well on
// the axis.
func (c Stacked) niceTop() float64 {
	m := c.largest()
	p := math.Pow(10, math.Floor(math.Log10(m)))
	for _, f := range []float64{1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10} {
		if f*p >= m {
			return f * p
		}
	}
	return 10 * p
}

func fmtf(f float64) string { return template.HTMLEscapeString(trimFloat(f)) }

func trimFloat(f float64) string {
	return formatFloat(math.Round(f*10) / 10)
}
