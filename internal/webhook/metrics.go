package webhook

import "agentlog/internal/metrics"

// countAttempt counts a delivery attempt for /metrics: delivered when the
// receiver acknowledged it, failed otherwise (it is tried again).
func countAttempt(succeeded bool) {
	result := "failed"
	if succeeded {
		result = "delivered"
	}
	metrics.WebhookDeliveries.WithLabelValues(result).Inc()
}
