import type { WebhookDelivery } from '../../news/webhooks/webhook.types.js';

/** "2026-02-09 12:00:00" from an ISO timestamp (the newsroom shows UTC). */
export function utc(iso: string): string {
  return iso.replace('T', ' ').slice(0, 19);
}

export const DELIVERY_STATUS_LABELS: Record<WebhookDelivery['status'], string> = {
  pending: 'Waiting',
  delivering: 'Sending',
  succeeded: 'Delivered',
  failed: 'Failed',
};

/** "Delivered (200)", "Waiting: retry after a 500", "Failed (no answer)". */
export function deliveryStatusText(delivery: WebhookDelivery): string {
  const label = DELIVERY_STATUS_LABELS[delivery.status];
  if (delivery.status === 'pending' && delivery.attempts > 0) return `Retrying (${responseText(delivery)})`;
  if (delivery.attempts === 0) return label;
  return `${label} (${responseText(delivery)})`;
}

export function responseText(delivery: WebhookDelivery): string {
  return delivery.lastStatusCode === null ? 'no answer' : String(delivery.lastStatusCode);
}
