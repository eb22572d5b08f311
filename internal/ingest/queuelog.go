package ingest

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// QueueLog decodes Asterisk's queue_log (unixtime|callid|queue|agent|EVENT|
// data1|...). Agent events become session and status events whose id is
// derived from the whole line; call events become versions of one queue
// call per callid and queue, whose id is derived from both, so that a
// re-import, or a later event of the same call, replaces rather than adds.
//
// The agent is the member interface or name: "SIP/1001", "PJSIP/1001" and
// "Local/1001@from-queue/n" are login "1001" (AgentLogin); a member name
// without "/" is the login as it is.
//
// Calls in progress are kept in Open; a call whose ENTERQUEUE came before
// the file starts is rebuilt from what its later events say (CONNECT's
// holdtime, COMPLETE*'s holdtime and calltime, ABANDON's waittime).
type QueueLog struct {
	Open map[string]*OpenCall // by callid and queue
	DIDs map[string]string    // DID events by callid, until their ENTERQUEUE
}

// OpenCall is what is known of a queue call so far; times in Unix ms, 0
// when unknown. It is kept in the follow checkpoint.
type OpenCall struct {
	CallID  string `json:"callId"`
	Queue   string `json:"queue"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	Agent   string `json:"agent,omitempty"`
	Start   int64  `json:"start,omitempty"`
	Answer  int64  `json:"answer,omitempty"`
	End     int64  `json:"end,omitempty"`
	Last    int64  `json:"last"`
	Outcome string `json:"outcome,omitempty"`
}

// maxOpenCalls bounds the calls kept in progress; beyond it calls silent
// for a day (their end never logged) are forgotten.
const maxOpenCalls = 100_000

// ignoredQueueEvents are understood and hold nothing agentlog stores.
var ignoredQueueEvents = map[string]bool{
	"QUEUESTART": true, "CONFIGRELOAD": true, "SYSCOMPAT": true, "AGENTDUMP": true, "INFO": true,
	"RINGNOANSWER": true, "RINGCANCELED": true, "PENALTY": true, "AGENTCALLED": true,
	"AGENTCALLBACKLOGINFAIL": true, "AGENTLOGINFAIL": true,
}

// AgentLogin is the login of a queue_log agent field.
func AgentLogin(agent string) string {
	tech, rest, ok := strings.Cut(agent, "/")
	if !ok || tech == "" || rest == "" {
		return agent
	}
	rest, _, _ = strings.Cut(rest, "@")
	rest, _, _ = strings.Cut(rest, "/")
	if rest == "" {
		return agent
	}
	return rest
}

// Decode reads one queue_log line.
func (q *QueueLog) Decode(_ int64, line string, out *Batch) error {
	f := strings.Split(line, "|")
	if len(f) < 5 {
		return fmt.Errorf("%d fields, want at least 5: unixtime|callid|queue|agent|EVENT", len(f))
	}
	secs, err := strconv.ParseFloat(f[0], 64)
	if err != nil || secs < 0 || math.IsInf(secs, 0) {
		return fmt.Errorf("time %q is not a Unix time in seconds", f[0])
	}
	t := time.UnixMilli(int64(secs * 1000)).UTC()
	callID, queue, agent, event, data := f[1], f[2], f[3], f[4], f[5:]
	if queue == "NONE" {
		queue = ""
	}
	arg := func(i int) string {
		if i < len(data) {
			return data[i]
		}
		return ""
	}
	agentEvent := func() (activity.UserRef, string, error) {
		if agent == "" || agent == "NONE" {
			return activity.UserRef{}, "", fmt.Errorf("%s without an agent", event)
		}
		return activity.UserRef{Login: AgentLogin(agent)}, activity.NameUUID("queue_log\x00" + line), nil
	}
	switch event {
	case "AGENTLOGIN", "AGENTCALLBACKLOGIN", "ADDMEMBER", "AGENTLOGOFF", "AGENTCALLBACKLOGOFF", "REMOVEMEMBER":
		user, id, err := agentEvent()
		if err != nil {
			return err
		}
		action := activity.Login
		if strings.HasSuffix(event, "LOGOFF") || event == "REMOVEMEMBER" {
			action = activity.Logout
		}
		out.Sessions = append(out.Sessions, activity.SessionEvent{ID: id, User: user, Action: action, Time: t, Queue: queue})
		return nil
	case "PAUSE", "PAUSEALL", "UNPAUSE", "UNPAUSEALL":
		user, id, err := agentEvent()
		if err != nil {
			return err
		}
		status := "Available"
		if !strings.HasPrefix(event, "UN") {
			if status = strings.TrimSpace(arg(0)); status == "" {
				status = "Paused"
			}
		}
		out.Status = append(out.Status, activity.StatusEvent{ID: id, User: user, Status: status, Time: t})
		return nil
	case "DID":
		if q.DIDs == nil || len(q.DIDs) >= maxOpenCalls { // DIDs of calls that never queued
			q.DIDs = map[string]string{}
		}
		q.DIDs[callID] = arg(0)
		return errIgnored
	}
	if ignoredQueueEvents[event] {
		return errIgnored
	}
	ms := t.UnixMilli()
	num := func(i int, name string) (int64, error) {
		n, err := strconv.ParseInt(strings.TrimSpace(arg(i)), 10, 64)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%s %s %q is not a number of seconds", event, name, arg(i))
		}
		return n * 1000, nil
	}
	var c *OpenCall
	if callID == "" || callID == "NONE" || callID == "REALTIME" {
		if isCallEvent(event) {
			return fmt.Errorf("%s without a callid", event)
		}
	} else if isCallEvent(event) {
		c = q.call(callID, queue)
		c.Last = ms
	}
	done := false
	switch event {
	case "ENTERQUEUE":
		c.Start, c.From = ms, arg(1)
		if did, ok := q.DIDs[callID]; ok {
			c.To = did
			delete(q.DIDs, callID)
		}
	case "CONNECT":
		hold, err := num(0, "holdtime")
		if err != nil {
			return err
		}
		c.Answer, c.Agent = ms, agent
		c.Start = orKnown(c.Start, ms-hold)
	case "COMPLETEAGENT", "COMPLETECALLER", "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER":
		hi, ti := 0, 1
		if strings.HasSuffix(event, "TRANSFER") {
			hi, ti = 2, 3
		}
		hold, err := num(hi, "holdtime")
		if err != nil {
			return err
		}
		talk, err := num(ti, "calltime")
		if err != nil {
			return err
		}
		c.Answer = orKnown(c.Answer, ms-talk)
		c.Start = orKnown(c.Start, c.Answer-hold)
		c.End, c.Agent, done = ms, agent, true
	case "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY":
		wi := 2
		if event == "EXITWITHKEY" {
			wi = 3
		}
		if wait, err := num(wi, "waittime"); err == nil {
			c.Start = orKnown(c.Start, ms-wait)
		} else if c.Start == 0 {
			c.Start = ms // older Asterisk logs no waittime
		}
		c.End, done = ms, true
		c.Outcome = activity.Unanswered
		if event == "ABANDON" {
			c.Outcome = activity.Abandoned
		}
	default:
		delete(q.Open, callID+"\x00"+queue)
		return fmt.Errorf("unknown queue_log event %q", event)
	}
	out.Calls = append(out.Calls, c.version(event))
	if done {
		delete(q.Open, callID+"\x00"+queue)
	}
	return nil
}

func isCallEvent(event string) bool {
	switch event {
	case "ENTERQUEUE", "CONNECT", "COMPLETEAGENT", "COMPLETECALLER", "TRANSFER", "BLINDTRANSFER",
		"ATTENDEDTRANSFER", "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY":
		return true
	}
	return false
}

func orKnown(known, derived int64) int64 {
	if known != 0 {
		return known
	}
	return derived
}

func (q *QueueLog) call(callID, queue string) *OpenCall {
	if q.Open == nil {
		q.Open = map[string]*OpenCall{}
	}
	key := callID + "\x00" + queue
	c, ok := q.Open[key]
	if !ok {
		if len(q.Open) >= maxOpenCalls {
			q.forgetStale()
		}
		c = &OpenCall{CallID: callID, Queue: queue}
		q.Open[key] = c
	}
	return c
}

// forgetStale drops calls without news for a day.
func (q *QueueLog) forgetStale() {
	var newest int64
	for _, c := range q.Open {
		newest = max(newest, c.Last)
	}
	for k, c := range q.Open {
		if c.Last < newest-24*3600*1000 {
			delete(q.Open, k)
		}
	}
}

// version is the call as known after event.
func (c *OpenCall) version(event string) activity.Call {
	ptr := func(ms int64) *time.Time {
		if ms == 0 {
			return nil
		}
		t := activity.FromMillis(ms)
		return &t
	}
	data, _ := json.Marshal(map[string]string{"asteriskCallId": c.CallID, "queueLogEvent": event})
	call := activity.Call{
		ID:        activity.NameUUID("queue_log call\x00" + c.CallID + "\x00" + c.Queue),
		Direction: activity.Inbound, FromNumber: c.From, ToNumber: c.To, Queue: c.Queue,
		StartedAt: ptr(c.Start), AnsweredAt: ptr(c.Answer), EndedAt: ptr(c.End),
		UpdatedAt: activity.FromMillis(c.Last), Outcome: c.Outcome, CallData: data,
	}
	if call.AnsweredAt != nil {
		call.Outcome = ""
	}
	if c.Agent != "" && c.Agent != "NONE" {
		call.User = activity.UserRef{Login: AgentLogin(c.Agent)}
		call.Extension = AgentLogin(c.Agent)
	}
	return call
}
