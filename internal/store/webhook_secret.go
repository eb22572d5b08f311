package store

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strconv"
)

// A webhook's signing secret must be kept whole, not hashed like an API
// key's: the deliverer needs it to sign every delivery. So it is stored
// sealed with AES-256-GCM under the installation's key "webhook-secrets"
// (the secrets table), with the tenant and webhook id as associated data,
// so that a sealed secret copied to another row does not open. This keeps
// the secret out of anything that shows or copies the webhooks table alone
// (a listing, a query log, an export of tenant rows); it does not protect
// against someone holding the whole database, who holds the key as well.

// webhookKeyName names the installation's key that seals webhook secrets.
const webhookKeyName = "webhook-secrets"

// webhookSecretPrefix marks a webhook secret, so that a person can tell it
// from an API key.
const webhookSecretPrefix = "whsec_"

func newWebhookSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return webhookSecretPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

func (db *DB) sealWebhookSecret(ctx context.Context, tenantID int64, id, secret string) ([]byte, error) {
	aead, err := db.webhookAEAD(ctx)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(secret)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return aead.Seal(nonce, nonce, []byte(secret), webhookSecretContext(tenantID, id)), nil
}

// WebhookSecret returns a webhook's signing secret in the clear, for the
// deliverer. No API answer calls it.
func (db *DB) WebhookSecret(ctx context.Context, tenantID int64, id string) (string, error) {
	var sealed []byte
	err := db.read.QueryRowContext(ctx, `SELECT secret_sealed FROM webhooks WHERE tenant_id = $1 AND id = $2`, tenantID, id).Scan(&sealed)
	if err != nil {
		return "", err
	}
	aead, err := db.webhookAEAD(ctx)
	if err != nil {
		return "", err
	}
	n := aead.NonceSize()
	if len(sealed) < n {
		return "", fmt.Errorf("webhook %s: the sealed secret is too short", id)
	}
	plain, err := aead.Open(nil, sealed[:n], sealed[n:], webhookSecretContext(tenantID, id))
	if err != nil {
		return "", fmt.Errorf("webhook %s: the secret does not open with this installation's key: %w", id, err)
	}
	return string(plain), nil
}

func (db *DB) webhookAEAD(ctx context.Context) (cipher.AEAD, error) {
	key, err := db.Secret(ctx, webhookKeyName)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func webhookSecretContext(tenantID int64, id string) []byte {
	return []byte("agentlog webhook " + strconv.FormatInt(tenantID, 10) + "/" + id)
}
