package ingest

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// CDR decodes Asterisk's cdr_csv Master.csv: accountcode, src, dst,
// dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer,
// end, duration, billsec, disposition, amaflags, uniqueid, userfield (and
// any columns some builds add after them). Times are local to Zone. The
// call's id derives from uniqueid, so a re-import replaces rather than adds.
//
// The direction is guessed from the numbers: extension to extension
// (both of at most MaxExtensionDigits characters) is internal, extension to
// a longer number outbound, anything else inbound. The extension is the
// endpoint of the agent's channel (dstchannel for inbound calls, channel
// otherwise: "SIP/1001-0000002a" is 1001); the call's queue is the first
// argument of a Queue application.
type CDR struct {
	Zone *time.Location
}

// MaxExtensionDigits is the longest number read as an extension.
const MaxExtensionDigits = 6

const (
	cdrSrc = iota + 1
	cdrDst
	cdrDContext
	cdrCLID
	cdrChannel
	cdrDstChannel
	cdrLastApp
	cdrLastData
	cdrStart
	cdrAnswer
	cdrEnd
	cdrDuration
	cdrBillsec
	cdrDisposition
	cdrAMAFlags
	cdrUniqueID
	cdrColumns
)

// Decode reads one Master.csv line.
func (d *CDR) Decode(_ int64, line string, out *Batch) error {
	f, err := csvFields(line)
	if err != nil {
		return err
	}
	if len(f) < cdrColumns {
		return fmt.Errorf("%d columns, want at least %d (accountcode … uniqueid)", len(f), cdrColumns)
	}
	if f[cdrUniqueID] == "" {
		return fmt.Errorf("uniqueid is empty")
	}
	start, err := d.localTime("start", f[cdrStart])
	if err != nil || start == nil {
		if err == nil {
			err = fmt.Errorf("start is empty")
		}
		return err
	}
	answer, err := d.localTime("answer", f[cdrAnswer])
	if err != nil {
		return err
	}
	end, err := d.localTime("end", f[cdrEnd])
	if err != nil {
		return err
	}
	c := activity.Call{
		ID:         activity.NameUUID("cdr\x00" + f[cdrUniqueID]),
		Direction:  cdrDirection(f[cdrSrc], f[cdrDst]),
		FromNumber: f[cdrSrc], ToNumber: f[cdrDst],
		StartedAt: start, EndedAt: end,
	}
	if strings.EqualFold(f[cdrLastApp], "Queue") {
		c.Queue, _, _ = strings.Cut(f[cdrLastData], ",")
	}
	agentChannel := f[cdrChannel]
	if c.Direction == activity.Inbound {
		agentChannel = f[cdrDstChannel]
	}
	c.Extension = channelEndpoint(agentChannel)
	switch disp := strings.ToUpper(strings.TrimSpace(f[cdrDisposition])); disp {
	case "ANSWERED":
		if answer == nil {
			return fmt.Errorf("disposition ANSWERED without an answer time")
		}
		c.AnsweredAt = answer
	case "NO ANSWER":
		c.Outcome = activity.Unanswered
	case "BUSY":
		c.Outcome = activity.Busy
	case "FAILED", "CONGESTION":
		c.Outcome = activity.Failed
	default:
		return fmt.Errorf("disposition %q is not ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION", f[cdrDisposition])
	}
	c.UpdatedAt = *start
	if end != nil {
		c.UpdatedAt = *end
	}
	c.CallData, _ = json.Marshal(map[string]string{"asteriskUniqueId": f[cdrUniqueID], "disposition": f[cdrDisposition]})
	out.Calls = append(out.Calls, c)
	return nil
}

func (d *CDR) localTime(name, s string) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	zone := d.Zone
	if zone == nil {
		zone = time.UTC
	}
	t, err := time.ParseInLocation(time.DateTime, s, zone)
	if err != nil {
		return nil, fmt.Errorf("%s %q is not a time YYYY-MM-DD HH:MM:SS", name, s)
	}
	return &t, nil
}

func cdrDirection(src, dst string) string {
	srcExt := src != "" && len(src) <= MaxExtensionDigits
	dstExt := dst != "" && len(dst) <= MaxExtensionDigits
	switch {
	case srcExt && dstExt:
		return activity.Internal
	case srcExt:
		return activity.Outbound
	}
	return activity.Inbound
}

// channelEndpoint is the endpoint of a channel name: "SIP/1001-0000002a"
// and "PJSIP/1001-00000007" are 1001, "Local/1001@from-queue-0001;1" is 1001.
func channelEndpoint(ch string) string {
	_, rest, ok := strings.Cut(ch, "/")
	if !ok {
		return ""
	}
	rest, _, _ = strings.Cut(rest, "@")
	if i := strings.LastIndexByte(rest, '-'); i > 0 {
		rest = rest[:i]
	}
	return rest
}

// csvFields splits one CSV line.
func csvFields(line string) ([]string, error) {
	r := csv.NewReader(strings.NewReader(line))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	f, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("not a CSV line: %v", err)
	}
	return f, nil
}
