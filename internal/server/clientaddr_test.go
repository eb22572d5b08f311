package server

import (
	"crypto/tls"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientOf(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	cases := []struct {
		name, peer, xff, proto string
		tls                    bool
		want                   client
	}{
		{"no proxy", "198.51.100.7:5000", "", "", false, client{"198.51.100.7", "http"}},
		{"TLS", "198.51.100.7:5000", "", "", true, client{"198.51.100.7", "https"}},
		{"untrusted peer's headers ignored", "198.51.100.7:5000", "203.0.113.9", "https", false, client{"198.51.100.7", "http"}},
		{"trusted proxy", "10.0.0.2:80", "203.0.113.9", "https", false, client{"203.0.113.9", "https"}},
		{"chain of trusted proxies", "10.0.0.2:80", "203.0.113.9, 10.1.1.1, 10.2.2.2", "", false, client{"203.0.113.9", "http"}},
		{"a client's forged entry left of the real one", "10.0.0.2:80", "1.2.3.4, 203.0.113.9", "", false, client{"203.0.113.9", "http"}},
		{"garbage entry", "10.0.0.2:80", "203.0.113.9, <script>", "", false, client{"10.0.0.2", "http"}},
		{"only proxies", "10.0.0.2:80", "10.9.9.9", "", false, client{"10.9.9.9", "http"}},
		{"IPv6 trusted peer", "[::1]:80", "2001:db8::5", "HTTPS", false, client{"2001:db8::5", "https"}},
		{"odd proto ignored", "10.0.0.2:80", "", "gopher", false, client{"10.0.0.2", "http"}},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if c.proto != "" {
			r.Header.Set("X-Forwarded-Proto", c.proto)
		}
		if c.tls {
			r.TLS = &tls.ConnectionState{}
		}
		if got := clientOf(r, trusted); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestValidRequestID(t *testing.T) {
	for id, want := range map[string]bool{
		"abc": true, "9b2f6c1e-3f0a-4f7e-9a52-5d1d3e8e1c11": true, "trace:1.2_3": true,
		"": false, "a b": false, "a\"b": false, "ä": false, string(make([]byte, 65)): false,
	} {
		if got := validRequestID(id); got != want {
			t.Errorf("validRequestID(%q) = %v, want %v", id, got, want)
		}
	}
}
