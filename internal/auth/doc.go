// Package auth turns the credentials a request carries into a principal: the
// API key, its tenant and its scopes. It makes and checks keys (a public id
// and a secret, of which only a hash is stored) and provides the one
// middleware every API surface wraps its routes in, each with its own way of
// writing errors.
package auth
