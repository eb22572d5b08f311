package api

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// appendSeconds must write what the report wrote before it existed: the
// float64 seconds in strconv's shortest form.
func TestAppendSecondsIsTheFloatForm(t *testing.T) {
	ds := []time.Duration{0, time.Millisecond, -time.Millisecond, 999 * time.Microsecond, 10 * time.Millisecond, 100 * time.Millisecond,
		time.Second, 1500 * time.Millisecond, 3599999 * time.Millisecond, time.Hour, 25 * time.Hour, 1<<62 + 12345678,
		-(1<<62 + 12345678), time.Duration(1<<63 - 1), time.Duration(-1 << 63)}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		ds = append(ds, time.Duration(rng.Int64N(int64(400*24*time.Hour))), time.Duration(rng.Int64()))
	}
	for _, d := range ds {
		want := strconv.AppendFloat(nil, seconds(d), 'f', -1, 64)
		if got := appendSeconds(nil, d); string(got) != string(want) {
			t.Fatalf("%d ns: got %s, want %s", d, got, want)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	for s, want := range map[string]string{
		"":                    `""`,
		"ann":                 `"ann"`,
		`a"b\c`:               `"a\"b\\c"`,
		"\x00tab\there\n\x1f": `"\u0000tab\u0009here\u000a\u001f"`,
		`"`:                   `"\""`,
		"grüße, 東京 \x7f":      "\"grüße, 東京 \x7f\"",
	} {
		if got := string(appendJSONString([]byte("x"), s)); got != "x"+want {
			t.Errorf("%q: got %s, want x%s", s, got, want)
		}
	}
}
