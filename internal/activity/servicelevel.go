package activity

import "time"

// Service-level presets: the three published definitions of service level a
// calls report can follow. They differ in what counts as meeting the
// threshold and in the denominator:
//
//   - genesys (Genesys Cloud): answered within X ÷ (answered + abandoned),
//     short abandons subtracted when they are excluded; "within" is wait ≤ X.
//   - connect (Amazon Connect, "Service level X"): contacts removed from the
//     queue in less than X, by an answer or an abandon, ÷ contacts queued;
//     the definition has no short-abandon exclusion, so short abandons count
//     in both. "Less than" is the only comparison Connect's API offers.
//   - wazo (Wazo call-logd quality_of_service): answered with a wait ≤ X ÷
//     answered; abandons play no part.
const (
	PresetGenesys = "genesys"
	PresetConnect = "connect"
	PresetWazo    = "wazo"
)

// Presets lists the presets, the default first.
var Presets = []string{PresetGenesys, PresetConnect, PresetWazo}

// CallRules are how a calls report counts: the service-level threshold and
// the short-abandon limit (zero: no abandon is short).
type CallRules struct {
	Threshold    time.Duration
	ShortAbandon time.Duration
}

// CallTotals are the sums every figure of a calls report is computed from.
// Calls without a start time are never counted: they have no wait.
//
// A call's wait is answeredAt − startedAt when it was answered, and
// endedAt − startedAt when it was abandoned. It is abandoned when it was not
// answered and its outcome is "abandoned", or "unanswered" with an end (the
// sender could not say why; a call that has not ended is still waiting).
// Busy and failed calls never reached an agent: they are offered and
// unanswered, never abandoned. A short abandon is an abandon with a known
// wait below CallRules.ShortAbandon; it is counted in ShortAbandoned only.
type CallTotals struct {
	Offered        int64 // every call counted but the short abandons
	Answered       int64 // with an answer time
	Handled        int64 // answered and ended: the calls talk time is known for
	Abandoned      int64 // short abandons left out
	ShortAbandoned int64
	AnsweredWithin int64 // answered, wait ≤ threshold (genesys, wazo)
	AnsweredBelow  int64 // answered, wait < threshold (connect)
	AbandonedBelow int64 // abandoned, short ones included, wait < threshold (connect)
	TalkMillis     int64 // answeredAt → endedAt, over the handled calls
	AnswerMillis   int64 // the waits of the answered calls
	RingMillis     int64 // the waits of the answered calls and startedAt → endedAt of the other offered ones that ended
}

// CallTotalsOf are the totals of one call under rules; a call without a
// start time has none.
func CallTotalsOf(c Call, rules CallRules) CallTotals {
	var t CallTotals
	if c.StartedAt == nil {
		return t
	}
	start := *c.StartedAt
	if c.AnsweredAt != nil {
		wait := c.AnsweredAt.Sub(start)
		t.Offered, t.Answered, t.AnswerMillis, t.RingMillis = 1, 1, wait.Milliseconds(), wait.Milliseconds()
		if wait <= rules.Threshold {
			t.AnsweredWithin = 1
		}
		if wait < rules.Threshold {
			t.AnsweredBelow = 1
		}
		if c.EndedAt != nil {
			t.Handled, t.TalkMillis = 1, c.EndedAt.Sub(*c.AnsweredAt).Milliseconds()
		}
		return t
	}
	abandoned := c.Outcome == Abandoned || c.Outcome == Unanswered && c.EndedAt != nil
	if abandoned && c.EndedAt != nil {
		wait := c.EndedAt.Sub(start)
		if wait < rules.Threshold {
			t.AbandonedBelow = 1
		}
		if wait < rules.ShortAbandon {
			t.ShortAbandoned = 1
			return t
		}
	}
	t.Offered = 1
	if abandoned {
		t.Abandoned = 1
	}
	if c.EndedAt != nil {
		t.RingMillis = c.EndedAt.Sub(start).Milliseconds()
	}
	return t
}

// Add adds o to t.
func (t *CallTotals) Add(o CallTotals) {
	t.Offered += o.Offered
	t.Answered += o.Answered
	t.Handled += o.Handled
	t.Abandoned += o.Abandoned
	t.ShortAbandoned += o.ShortAbandoned
	t.AnsweredWithin += o.AnsweredWithin
	t.AnsweredBelow += o.AnsweredBelow
	t.AbandonedBelow += o.AbandonedBelow
	t.TalkMillis += o.TalkMillis
	t.AnswerMillis += o.AnswerMillis
	t.RingMillis += o.RingMillis
}

// Unanswered are the offered calls without an answer: abandoned, busy,
// failed, and those still waiting.
func (t CallTotals) Unanswered() int64 { return t.Offered - t.Answered }

// ServiceLevel is the share of calls that met the threshold, as preset
// defines it, from 0 to 1; ok is false when its denominator is 0.
func (t CallTotals) ServiceLevel(preset string) (level float64, ok bool) {
	switch preset {
	case PresetConnect:
		return ratio(t.AnsweredBelow+t.AbandonedBelow, t.Offered+t.ShortAbandoned)
	case PresetWazo:
		return ratio(t.AnsweredWithin, t.Answered)
	}
	return ratio(t.AnsweredWithin, t.Answered+t.Abandoned)
}

// AbandonRate is abandoned ÷ offered, both without the short abandons.
func (t CallTotals) AbandonRate() (float64, bool) { return ratio(t.Abandoned, t.Offered) }

// AverageHandle is the talk time over the handled calls. agentlog has no
// hold or after-call work yet, so handle time is talk time.
func (t CallTotals) AverageHandle() (time.Duration, bool) { return average(t.TalkMillis, t.Handled) }

// AverageSpeedOfAnswer is the average wait of the answered calls.
func (t CallTotals) AverageSpeedOfAnswer() (time.Duration, bool) {
	return average(t.AnswerMillis, t.Answered)
}

func ratio(n, d int64) (float64, bool) {
	if d == 0 {
		return 0, false
	}
	return float64(n) / float64(d), true
}

// average is total ÷ n, to the millisecond.
func average(totalMillis, n int64) (time.Duration, bool) {
	if n == 0 {
		return 0, false
	}
	ms := (2*totalMillis + n) / (2 * n) // rounded half up
	return time.Duration(ms) * time.Millisecond, true
}
