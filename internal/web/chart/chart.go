// Package chart draws the pages' charts as SVG on the server: a day's
// timeline and stacked bars, horizontal (one per agent) or vertical (one
// per time bucket).
//
// It is hand-written because the pages need three kinds of chart, and a
// few hundred lines of SVG text cost less than shipping, updating and
// auditing a JavaScript charting library; the charts then work without
// script, print, and obey the pages' strict Content-Security-Policy.
// Charts stay readable with hundreds of agents: a horizontal bar chart
// grows in height (the page scrolls it) instead of squeezing its bars, a
// column chart grows in width, and long labels are cut with the full text
// in a <title> that shows on hover.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Series is one stacked part of every bar: a status, or "answered".
type Series struct {
	Name  string
	Color string // #rrggbb
}

var colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// color returns c when it is #rrggbb, grey otherwise, so that no text ever
// reaches an attribute unchecked.
func color(c string) string {
	if colorPattern.MatchString(c) {
		return c
	}
	return "#888888"
}

// svg collects the elements of one chart.
type svg struct {
	b strings.Builder
}

func (s *svg) open(width, height int, label string) {
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`,
		width, height, width, height, esc(label))
}

func (s *svg) rect(x, y, w, h float64, fill, title string) {
	if w <= 0 || h <= 0 {
		return
	}
	fmt.Fprintf(&s.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s">`, x, y, w, h, color(fill))
	if title != "" {
		fmt.Fprintf(&s.b, `<title>%s</title>`, esc(title))
	}
	s.b.WriteString(`</rect>`)
}

func (s *svg) line(x1, y1, x2, y2 float64, class string) {
	fmt.Fprintf(&s.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="%s"/>`, x1, y1, x2, y2, class)
}

// text writes a label, cut to max characters; a cut label carries its whole
// text in a <title>.
func (s *svg) text(x, y float64, anchor, text string, max int) {
	shown := truncate(text, max)
	fmt.Fprintf(&s.b, `<text x="%.1f" y="%.1f" text-anchor="%s">`, x, y, anchor)
	if shown != text {
		fmt.Fprintf(&s.b, `<title>%s</title>`, esc(text))
	}
	fmt.Fprintf(&s.b, `%s</text>`, esc(shown))
}

// link wraps the following elements in a link until closeLink.
func (s *svg) link(href string) { fmt.Fprintf(&s.b, `<a href="%s">`, esc(href)) }
func (s *svg) closeLink()       { s.b.WriteString(`</a>`) }

func (s *svg) done() template.HTML {
	s.b.WriteString(`</svg>`)
	return template.HTML(s.b.String()) // every text and attribute above is escaped
}

func esc(s string) string { return html.EscapeString(s) }

// truncate cuts s to max characters, ending in "…".
func truncate(s string, max int) string {
	if max <= 1 || utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}
