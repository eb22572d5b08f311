package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// client is who sent a request, as the request log reports it.
type client struct {
	addr   string // the client's IP address
	scheme string // http or https, as the client spoke it
}

// clientOf finds the client of r. X-Forwarded-For and X-Forwarded-Proto
// are believed only when the direct peer is a trusted proxy: anyone else
// could write them. The client is then the rightmost address of
// X-Forwarded-For that is not itself a trusted proxy, since each proxy
// appends the address it received from.
func clientOf(r *http.Request, trusted []netip.Prefix) client {
	c := client{addr: peerAddr(r), scheme: "http"}
	if r.TLS != nil {
		c.scheme = "https"
	}
	if !isTrusted(c.addr, trusted) {
		return c
	}
	if p := strings.ToLower(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto"))); p == "http" || p == "https" {
		c.scheme = p
	}
	hops := forwardedFor(r)
	for i := len(hops) - 1; i >= 0; i-- {
		c.addr = hops[i]
		if !isTrusted(hops[i], trusted) {
			break
		}
	}
	return c
}

// peerAddr is the IP address of the connection's other end.
func peerAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// forwardedFor lists the valid addresses of every X-Forwarded-For header,
// in order; anything that is not an IP address ends the list there, as
// nothing left of it can be believed.
func forwardedFor(r *http.Request) []string {
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		for _, item := range strings.Split(h, ",") {
			a, err := netip.ParseAddr(strings.TrimSpace(item))
			if err != nil {
				hops = nil // a forged or broken entry: trust only what follows it
				continue
			}
			hops = append(hops, a.Unmap().String())
		}
	}
	return hops
}

func isTrusted(addr string, trusted []netip.Prefix) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
