import type { WebhookDeliveryStatus } from '../vocabulary.js';

/** The domain events an endpoint may subscribe to. */
export const WEBHOOK_EVENTS = ['article.published', 'article.updated', 'article.unpublished', 'comment.approved'] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];
/** What a delivery carries: a subscribed event, or the newsroom's "Send test". */
export type WebhookDeliveryEvent = WebhookEventName | 'ping';

export const WEBHOOK_EVENT_DESCRIPTIONS: Record<WebhookEventName, string> = {
  'article.published': 'A story is published (or published again).',
  'article.updated': 'A published story is changed.',
  'article.unpublished': 'A story is taken off the site.',
  'comment.approved': 'A reader’s comment becomes visible on the site.',
};

export function isWebhookEvent(value: unknown): value is WebhookEventName {
  return typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/** The `data` of an article event. */
export interface ArticleWebhookData {
  id: number;
  title: string;
  /** The story's absolute URL (for an unpublished story, the URL it had). */
  url: string;
  status: string;
  published_at: string | null;
  updated_at: string;
}

/** The `data` of comment.approved. Never the commenter's email or IP address. */
export interface CommentWebhookData {
  id: number;
  article_id: number;
  article_url: string;
  author_name: string;
  created_at: string;
  /** The comment in place: the article's URL with #comment-<id>. */
  url: string;
}

export interface PingWebhookData {
  endpoint_id: number;
  message: string;
}

export type WebhookData = ArticleWebhookData | CommentWebhookData | PingWebhookData;

/** Every delivery's JSON body. `id` is also sent as the Dateline-Delivery header; retries send the same body. */
export interface WebhookPayload {
  id: string;
  event: WebhookDeliveryEvent;
  created_at: string;
  data: WebhookData;
}

/** What an admin types into the endpoint form. */
export interface WebhookEndpointInput {
  url: string;
  description: string;
  events: readonly string[];
  active: boolean;
}

export interface WebhookEndpoint {
  id: number;
  url: string;
  description: string;
  secret: string;
  events: WebhookEventName[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  id: number;
  endpointId: number;
  uuid: string;
  event: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

/** An endpoint in the list, with how its latest delivery went (null before the first). */
export interface WebhookEndpointSummary extends Omit<WebhookEndpoint, 'secret'> {
  lastDelivery: WebhookDelivery | null;
}

/** Who is changing webhooks, for the audit log. */
export interface WebhookActor {
  userId: number;
  ip: string | null;
}
