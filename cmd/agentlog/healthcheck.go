package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"time"
)

// healthcheck asks a running server's /healthz, for container health
// checks in images that hold no curl: exit 0 when it answers 200.
func (p *Program) healthcheck(ctx context.Context, args []string) error {
	fs := p.newFlags("healthcheck", "healthcheck [--addr A]")
	addr := fs.String("addr", p.env("AGENTLOG_ADDR", "127.0.0.1:8080"), "the server's listen address (env AGENTLOG_ADDR)")
	https := fs.Bool("https", p.env("AGENTLOG_TLS_CERT", "") != "", "speak HTTPS, without checking the certificate (default: when AGENTLOG_TLS_CERT is set)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("healthcheck", rest); err != nil {
		return err
	}
	url := healthURL(*addr, *https)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return errUsage{fmt.Sprintf("healthcheck: address %q is not valid", *addr)}
	}
	// Liveness of the local process: the certificate is not what is checked.
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", url, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", url, resp.Status)
	}
	fmt.Fprintln(p.Stdout, "ok")
	return nil
}

// healthURL is /healthz at addr; a wildcard host is asked on loopback.
func healthURL(addr string, https bool) string {
	host, port, err := net.SplitHostPort(addr)
	if err == nil && (host == "" || host == "0.0.0.0" || host == "::") {
		addr = net.JoinHostPort("127.0.0.1", port)
	}
	scheme := "http"
	if https {
		scheme = "https"
	}
	return scheme + "://" + addr + "/healthz"
}
