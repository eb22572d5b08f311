package simulate

import (
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// Queues are numbered from 800, one per front-office group; maxQueues keeps
// them within 800–899, a range extensions skip.
const (
	firstQueueNumber = 800
	maxQueues        = 100
	agentsPerGroup   = 16 // with second memberships, groups hold 10–25 agents
	backOfficeEvery  = 4  // every fourth group serves no queue
)

// agent is what the simulation needs of a user to plan its days.
type agent struct {
	index        int
	ref          activity.UserRef
	ext          string
	queues       []string // the queues the agent logs into; none for back office
	workdays     [7]bool  // by time.Weekday
	startMinute  int64    // usual shift start, minutes after local midnight
	shiftMinutes int64    // usual shift length
}

// roster is the simulated staff: the users as emitted and the agents as
// planned, index for index, plus the customers who call them.
type roster struct {
	users     []activity.User
	agents    []agent
	customers []string
}

func newRoster(cfg Config, ids *idMaker) roster {
	g := newRNG()
	g.reseed(cfg.Seed, rosterStream, 0)
	logins := make(map[string]bool, cfg.Agents)
	groups := groupCount(cfg.Agents)
	r := roster{users: make([]activity.User, cfg.Agents), agents: make([]agent, cfg.Agents)}
	for i := range cfg.Agents {
		memberOf := pickGroups(g, i, cfg.Agents, groups)
		r.users[i] = newUser(g, ids.userID(i), extensionOf(i), logins, memberOf)
		r.agents[i] = newAgent(g, i, r.users[i], memberOf)
	}
	r.customers = newCustomers(g, cfg.Agents)
	return r
}

func groupCount(agents int) int { return max(1, (agents+agentsPerGroup/2)/agentsPerGroup) }

// pickGroups puts agents into their primary group in contiguous blocks, so
// groups are even, and a third of them into a second group too.
func pickGroups(g *rng, i, agents, groups int) []int {
	primary := i * groups / agents
	if groups == 1 || !g.chance(0.3) {
		return []int{primary}
	}
	second := (primary + 1 + g.intn(groups-1)) % groups
	return []int{min(primary, second), max(primary, second)}
}

func groupName(group int) string { return strconv.Itoa(10 * (group + 1)) }

// queueOf returns the queue a group serves, or "" for a back-office group.
func queueOf(group int) string {
	if group%backOfficeEvery == backOfficeEvery-1 || group >= maxQueues {
		return ""
	}
	return strconv.Itoa(firstQueueNumber + group)
}

func newUser(g *rng, id, ext string, logins map[string]bool, memberOf []int) activity.User {
	first, last := firstNames[g.intn(len(firstNames))], lastNames[g.intn(len(lastNames))]
	login := uniqueLogin(strings.ToLower(first+"."+last), logins)
	email := login + "@example.com"
	groups := make([]string, len(memberOf))
	for i, group := range memberOf {
		groups[i] = groupName(group)
	}
	return activity.User{ID: id, Login: login, Name: first + " " + last, Extension: ext, Email: &email, Groups: groups}
}

// uniqueLogin numbers a login already taken: ann.smith, ann.smith2, …
func uniqueLogin(base string, taken map[string]bool) string {
	login := base
	for n := 2; taken[login]; n++ {
		login = base + strconv.Itoa(n)
	}
	taken[login] = true
	return login
}

func newAgent(g *rng, i int, u activity.User, memberOf []int) agent {
	a := agent{index: i, ref: activity.UserRef{ID: u.ID, Login: u.Login}, ext: u.Extension}
	for _, group := range memberOf {
		if q := queueOf(group); q != "" {
			a.queues = append(a.queues, q)
		}
	}
	a.workdays = pickWorkdays(g)
	a.startMinute = 7*60 + 15*g.between(0, 12) // 07:00–10:00
	a.shiftMinutes = 7*60 + 30*g.between(0, 4) // 7–9 hours
	return a
}

// pickWorkdays gives most agents Monday to Friday and a quarter a rota of
// five consecutive days that covers the weekend.
func pickWorkdays(g *rng) [7]bool {
	var days [7]bool
	first := time.Monday
	if g.chance(0.25) {
		first = time.Wednesday + time.Weekday(g.intn(4)) // Wed–Sun … Sat–Wed
	}
	for d := range 5 {
		days[(int(first)+d)%7] = true
	}
	return days
}

// newCustomers makes the pool of external numbers that call and are
// called; a pool rather than fresh numbers so customers call again, as they
// do, and no call allocates a number.
func newCustomers(g *rng, agents int) []string {
	numbers := make([]string, min(max(agents*100, 1000), 100_000))
	for i := range numbers {
		numbers[i] = externalNumber(g)
	}
	return numbers
}

var firstNames = []string{
	"Ann", "Ben", "Carla", "David", "Emma", "Frank", "Grace", "Hugo", "Ines", "Jonas",
	"Karin", "Liam", "Maria", "Nils", "Olivia", "Peter", "Quinn", "Rosa", "Sven", "Tara",
	"Uma", "Victor", "Wendy", "Xavier", "Yara", "Zoe", "Aisha", "Bruno", "Chen", "Dana",
	"Elif", "Felix", "Greta", "Hassan", "Ivy", "Jamal", "Kenji", "Lena", "Mateo", "Nora",
}

var lastNames = []string{
	"Smith", "Johnson", "Garcia", "Miller", "Brown", "Davis", "Lopez", "Wilson", "Anderson", "Taylor",
	"Thomas", "Moore", "Martin", "Lee", "Walker", "Hall", "Young", "King", "Wright", "Scott",
	"Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips",
	"Evans", "Turner", "Torres", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook",
}
