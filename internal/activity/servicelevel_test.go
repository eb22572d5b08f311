package activity

import (
	"testing"
	"time"
)

// slCall is a call that starts at 09:00:00, is answered after answer
// seconds (-1: never) and ends talk seconds later, or, unanswered, after end
// seconds (-1: no end yet).
func slCall(outcome string, answer, talk, end float64) Call {
	start := time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	at := func(s float64) *time.Time {
		t := start.Add(time.Duration(s * float64(time.Second)))
		return &t
	}
	c := Call{Direction: Inbound, StartedAt: &start, Outcome: outcome}
	switch {
	case answer >= 0:
		c.AnsweredAt, c.Outcome = at(answer), Answered
		if talk >= 0 {
			c.EndedAt = at(answer + talk)
		}
	case end >= 0:
		c.EndedAt = at(end)
	}
	return c
}

// The example every preset is checked against, with a threshold of 20 s:
//
//	#  what                                  wait   ≤20  <20
//	1  answered after 10 s, talks 60 s       10 s   yes  yes
//	2  answered after 20 s, talks 120 s      20 s   yes  no   (on the threshold)
//	3  answered after 45 s, talks 30 s       45 s   no   no
//	4  answered after 5 s, still talking      5 s   yes  yes  (not handled yet)
//	5  abandoned after 3 s                    3 s   -    yes  (short when shortAbandon is 5 s)
//	6  "unanswered", ended after 15 s        15 s   -    yes  (an abandon: the sender gave no reason)
//	7  abandoned after 40 s                  40 s   -    no
//	8  busy, ended at once                    -     -    -    (offered, not abandoned)
//	9  failed, no end                         -     -    -    (offered, not abandoned)
//	10 abandoned, no end                      -     -    no   (an abandon of unknown wait: never short)
var slExample = []Call{
	slCall(Answered, 10, 60, -1),
	slCall(Answered, 20, 120, -1),
	slCall(Answered, 45, 30, -1),
	slCall(Answered, 5, -1, -1),
	slCall(Abandoned, -1, -1, 3),
	slCall(Unanswered, -1, -1, 15),
	slCall(Abandoned, -1, -1, 40),
	slCall(Busy, -1, -1, 0),
	slCall(Failed, -1, -1, -1),
	slCall(Abandoned, -1, -1, -1),
}

func totalsOf(calls []Call, rules CallRules) CallTotals {
	var t CallTotals
	for _, c := range calls {
		t.Add(CallTotalsOf(c, rules))
	}
	return t
}

func TestCallTotalsOfTheExample(t *testing.T) {
	rules := CallRules{Threshold: 20 * time.Second, ShortAbandon: 5 * time.Second}
	got := totalsOf(slExample, rules)
	want := CallTotals{
		Offered:        9,       // 10 calls, less the short abandon #5
		Answered:       4,       // #1–4
		Handled:        3,       // #1–3
		Abandoned:      3,       // #6, #7, #10
		ShortAbandoned: 1,       // #5
		AnsweredWithin: 3,       // #1, #2, #4
		AnsweredBelow:  2,       // #1, #4
		AbandonedBelow: 2,       // #5 (3 s), #6 (15 s)
		TalkMillis:     210_000, // 60 + 120 + 30
		AnswerMillis:   80_000,  // 10 + 20 + 45 + 5
		RingMillis:     135_000, // 80 + #6 15 + #7 40 + #8 0
	}
	if got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if got.Unanswered() != 5 { // #6–10
		t.Errorf("unanswered: got %d, want 5", got.Unanswered())
	}
}

func TestServiceLevelPresets(t *testing.T) {
	for _, c := range []struct {
		name  string
		rules CallRules
		// hand-computed
		genesys, connect, wazo, abandonRate float64
	}{
		{
			name:  "threshold 20 s, short abandons under 5 s",
			rules: CallRules{Threshold: 20 * time.Second, ShortAbandon: 5 * time.Second},
			// genesys: answered within 20 s (#1 #2 #4 = 3) ÷ (answered 4 + abandoned 3, #5 excluded) = 3/7
			genesys: 3.0 / 7,
			// connect: removed from the queue in under 20 s (answered #1 #4, abandoned #5 #6 = 4)
			// ÷ queued (all 10: Connect has no short-abandon exclusion) = 4/10
			connect: 4.0 / 10,
			// wazo: answered with a wait ≤ 20 s (3) ÷ answered (4) = 3/4
			wazo: 3.0 / 4,
			// abandoned (3) ÷ offered (9)
			abandonRate: 3.0 / 9,
		},
		{
			name:  "threshold 20 s, no short abandons",
			rules: CallRules{Threshold: 20 * time.Second},
			// genesys: 3 ÷ (4 + 4 abandons: #5 #6 #7 #10) = 3/8
			genesys: 3.0 / 8,
			connect: 4.0 / 10, // unchanged
			wazo:    3.0 / 4,  // unchanged
			// abandoned (4) ÷ offered (10)
			abandonRate: 4.0 / 10,
		},
		{
			name:  "threshold 45 s",
			rules: CallRules{Threshold: 45 * time.Second},
			// genesys: answered ≤ 45 s (all 4) ÷ (4 + 4) = 1/2
			genesys: 4.0 / 8,
			// connect: answered < 45 s (#1 #2 #4 = 3) + abandoned < 45 s (#5 #6 #7 = 3) = 6 ÷ 10
			connect: 6.0 / 10,
			// wazo: 4 ÷ 4
			wazo:        1,
			abandonRate: 4.0 / 10,
		},
	} {
		tot := totalsOf(slExample, c.rules)
		for preset, want := range map[string]float64{PresetGenesys: c.genesys, PresetConnect: c.connect, PresetWazo: c.wazo} {
			if got, ok := tot.ServiceLevel(preset); !ok || got != want {
				t.Errorf("%s, %s: got %v (%v), want %v", c.name, preset, got, ok, want)
			}
		}
		if got, ok := tot.AbandonRate(); !ok || got != c.abandonRate {
			t.Errorf("%s: abandon rate: got %v, want %v", c.name, got, c.abandonRate)
		}
	}
}

func TestCallAverages(t *testing.T) {
	tot := totalsOf(slExample, CallRules{Threshold: 20 * time.Second})
	// 210 s of talk over the 3 handled calls; #4 has no end yet.
	if got, ok := tot.AverageHandle(); !ok || got != 70*time.Second {
		t.Errorf("average handle: got %v, want 70s", got)
	}
	// 80 s of waiting over the 4 answered calls.
	if got, ok := tot.AverageSpeedOfAnswer(); !ok || got != 20*time.Second {
		t.Errorf("average speed of answer: got %v, want 20s", got)
	}
	// Two answered calls: 1 s and 2 s of talk, averaging 1.5 s; 1 ms and 2 ms
	// round half up to 2 ms.
	two := CallTotals{Handled: 2, TalkMillis: 3000, Answered: 2, AnswerMillis: 3}
	if got, _ := two.AverageHandle(); got != 1500*time.Millisecond {
		t.Errorf("average of 1 s and 2 s: got %v", got)
	}
	if got, _ := two.AverageSpeedOfAnswer(); got != 2*time.Millisecond {
		t.Errorf("average of 1 ms and 2 ms: got %v, want 2ms", got)
	}
}

func TestServiceLevelWithoutCalls(t *testing.T) {
	var none CallTotals
	for _, p := range Presets {
		if _, ok := none.ServiceLevel(p); ok {
			t.Errorf("%s: a service level without calls", p)
		}
	}
	if _, ok := none.AbandonRate(); ok {
		t.Error("an abandon rate without calls")
	}
	if _, ok := none.AverageHandle(); ok {
		t.Error("an average handle time without handled calls")
	}
	// Only abandons: genesys and connect are 0 (or 1, under connect, when
	// they left before the threshold), wazo has no answered call to divide by.
	only := totalsOf([]Call{slCall(Abandoned, -1, -1, 30)}, CallRules{Threshold: 20 * time.Second})
	if got, ok := only.ServiceLevel(PresetGenesys); !ok || got != 0 {
		t.Errorf("genesys, one late abandon: got %v (%v), want 0", got, ok)
	}
	if _, ok := only.ServiceLevel(PresetWazo); ok {
		t.Error("wazo, no answered call: want no service level")
	}
	if got, ok := totalsOf([]Call{slCall(Abandoned, -1, -1, 10)}, CallRules{Threshold: 20 * time.Second}).ServiceLevel(PresetConnect); !ok || got != 1 {
		t.Errorf("connect, one abandon after 10 s: got %v (%v), want 1", got, ok)
	}
	// A call without a start time counts nowhere.
	if got := CallTotalsOf(Call{Direction: Inbound, Outcome: Abandoned}, CallRules{}); got != (CallTotals{}) {
		t.Errorf("a call without startedAt: %+v", got)
	}
}
