package activity

import (
	"sort"
	"time"
)

// Interval is a span [Start, End) in which a user was in one state: a
// status, or logged in.
type Interval struct {
	State      string
	Start, End time.Time
	Open       bool // still running: End is where the report stops looking
	Flagged    bool // a session closed by rule, not by a logout
}

// StatusChange is a status picked at a time.
type StatusChange struct {
	Status string
	Time   time.Time
}

// StatusIntervals turns one user's status changes, in time order, into
// intervals: each status lasts until the next change; the last one until
// end, and is open. Changes at or after end are ignored.
func StatusIntervals(changes []StatusChange, end time.Time) []Interval {
	var out []Interval
	for i, c := range changes {
		if !c.Time.Before(end) {
			break
		}
		iv := Interval{State: c.Status, Start: c.Time, End: end, Open: true}
		if i+1 < len(changes) && changes[i+1].Time.Before(end) {
			iv.End, iv.Open = changes[i+1].Time, false
		}
		if iv.End.After(iv.Start) {
			out = append(out, iv)
		}
	}
	return out
}

// Span is a time span [Start, End).
type Span struct {
	Start, End time.Time
}

// Intersect is the part a and b share: empty (End not after Start) when
// they share nothing.
func Intersect(a, b Span) Span {
	return Span{Start: later(a.Start, b.Start), End: earlier(a.End, b.End)}
}

// Overlap is how long a and b share.
func Overlap(a, b Span) time.Duration {
	s := Intersect(a, b)
	if !s.End.After(s.Start) {
		return 0
	}
	return s.End.Sub(s.Start)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Clip calls fn with the part of iv inside each bucket it overlaps, within
// the period, and within the windows when windows is not nil (business
// hours), so that time is never lost or counted twice at bucket or period
// edges. starts are the bucket starts (as Buckets returns them); the last
// bucket ends with the period.
func Clip(iv Interval, starts []time.Time, period Span, windows []Span, fn func(bucket int, d time.Duration)) {
	iv.Start, iv.End = later(iv.Start, period.Start), earlier(iv.End, period.End)
	for i := max(0, BucketIndex(starts, iv.Start)); i < len(starts) && starts[i].Before(iv.End); i++ {
		b := Span{starts[i], period.End}
		if i+1 < len(starts) {
			b.End = starts[i+1]
		}
		part := Span{later(iv.Start, b.Start), earlier(iv.End, b.End)}
		d := part.End.Sub(part.Start)
		if windows != nil {
			d = overlapWindows(part, windows)
		}
		if d > 0 {
			fn(i, d)
		}
	}
}

// overlapWindows is how much of s lies inside the sorted, disjoint windows.
func overlapWindows(s Span, windows []Span) time.Duration {
	i := sort.Search(len(windows), func(i int) bool { return windows[i].End.After(s.Start) })
	var d time.Duration
	for ; i < len(windows) && windows[i].Start.Before(s.End); i++ {
		d += Overlap(s, windows[i])
	}
	return d
}

// Cell sums the clipped intervals of one report cell.
type Cell struct {
	Total, Min, Max time.Duration
	Count           int
}

// Add counts one clipped interval.
func (c *Cell) Add(d time.Duration) {
	if c.Count == 0 || d < c.Min {
		c.Min = d
	}
	if d > c.Max {
		c.Max = d
	}
	c.Total += d
	c.Count++
}

// Average is the mean clipped interval.
func (c Cell) Average() time.Duration {
	if c.Count == 0 {
		return 0
	}
	return c.Total / time.Duration(c.Count)
}
