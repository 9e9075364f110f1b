import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, WebhookDeliveryRow, WebhookEndpointRow } from '../../platform/db/schema.js';
import { newWebhookSecret } from '../../platform/webhooks/signature.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError, notFound } from '../shared/errors.js';
import {
  deleteEndpointRow,
  findEndpointRow,
  insertDeliveries,
  insertEndpoint,
  lastDeliveryRows,
  latestDeliveryRows,
  listEndpointRows,
  purgeDeliveryRows,
  updateEndpointRow,
} from './webhook.repository.js';
import {
  isWebhookEvent,
  WEBHOOK_EVENTS,
  type WebhookActor,
  type WebhookData,
  type WebhookDelivery,
  type WebhookDeliveryEvent,
  type WebhookEndpoint,
  type WebhookEndpointInput,
  type WebhookEndpointSummary,
  type WebhookEventName,
  type WebhookPayload,
} from './webhook.types.js';

export const MAX_URL_LENGTH = 2000;
export const MAX_DESCRIPTION_LENGTH = 200;
/** How many deliveries an endpoint's log shows. */
export const DELIVERY_LOG_SIZE = 50;

export type WebhookFieldErrors = Partial<Record<'url' | 'description' | 'events', string>>;

/**
 * Checks what an admin typed. Only http(s) URLs without credentials or a fragment; private addresses are allowed on
 * purpose (a self-hosted site may post to an internal service). Returns the cleaned input or the messages per field.
 */
export function validateEndpointInput(
  input: WebhookEndpointInput,
): { ok: true; value: { url: string; description: string; events: WebhookEventName[]; active: boolean } } | { ok: false; errors: WebhookFieldErrors } {
  const errors: WebhookFieldErrors = {};
  const raw = input.url.trim();
  let url = '';
  if (!raw) {
    errors.url = 'Enter the URL that should receive the events, such as https://example.com/hooks/dateline.';
  } else if (raw.length > MAX_URL_LENGTH) {
    errors.url = `The URL is too long: at most ${MAX_URL_LENGTH.toLocaleString('en')} characters.`;
  } else {
    let parsed: URL | null = null;
    try {
      parsed = new URL(raw);
    } catch {
      errors.url = 'That is not a complete URL. It should look like https://example.com/hooks/dateline.';
    }
    if (parsed) {
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        errors.url = 'Only web addresses can receive webhooks: the URL must start with https:// or http://.';
      } else if (!parsed.hostname) {
        errors.url = 'The URL needs a host name, such as https://example.com/hooks/dateline.';
      } else if (parsed.username || parsed.password) {
        errors.url = 'Remove the user name and password from the URL. Your receiver can trust a request by checking its signature.';
      } else if (parsed.hash || raw.includes('#')) {
        errors.url = 'Remove the part after #: it is never sent to the receiver.';
      } else {
        url = parsed.href;
      }
    }
  }
  const description = input.description.replace(/\s+/g, ' ').trim();
  if (description.length > MAX_DESCRIPTION_LENGTH) errors.description = `Shorten the description to ${MAX_DESCRIPTION_LENGTH} characters or fewer.`;
  const chosen = [...new Set(input.events)];
  if (!chosen.length) errors.events = 'Choose at least one event to send.';
  else if (!chosen.every(isWebhookEvent)) errors.events = 'Choose events from the list.';
  if (Object.keys(errors).length) return { ok: false, errors };
  // Stored in the list's order, whatever order the form sent them in.
  const events = WEBHOOK_EVENTS.filter((event) => chosen.includes(event));
  return { ok: true, value: { url, description, events, active: input.active } };
}

/** A validation failure with a message per field (`details`), for the form to show next to each input. */
export class WebhookValidationError extends DomainError {
  constructor(readonly errors: WebhookFieldErrors) {
    super('The endpoint was not saved. Check the fields marked below.', 'invalid', errors as Record<string, string>);
  }
}

export function parseEvents(json: string): WebhookEventName[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter(isWebhookEvent) : [];
  } catch {
    return [];
  }
}

function toEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    secret: row.secret,
    events: parseEvents(row.events),
    active: Boolean(row.active),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    uuid: row.uuid,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastDurationMs: row.last_duration_ms,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
  };
}

/** What the audit log keeps of an endpoint: never the secret. */
function auditView(endpoint: Pick<WebhookEndpoint, 'url' | 'description' | 'events' | 'active'>) {
  return { url: endpoint.url, description: endpoint.description, events: endpoint.events, active: endpoint.active };
}

export interface WebhookServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditService;
}

/**
 * Webhook endpoints (admins' use cases, audited) and the delivery queue's producer side. Sending is the
 * WebhookDispatcher's job (webhook-dispatcher.ts); nothing here makes an HTTP request.
 */
export class WebhookService {
  constructor(private readonly deps: WebhookServiceDeps) {}

  async list(): Promise<WebhookEndpointSummary[]> {
    const [rows, last] = await Promise.all([listEndpointRows(this.deps.db), lastDeliveryRows(this.deps.db)]);
    const lastByEndpoint = new Map(last.map((row) => [row.endpoint_id, toDelivery(row)]));
    return rows.map((row) => {
      const { secret: _secret, ...endpoint } = toEndpoint(row);
      return { ...endpoint, lastDelivery: lastByEndpoint.get(row.id) ?? null };
    });
  }

  async find(id: number): Promise<WebhookEndpoint> {
    const row = await findEndpointRow(this.deps.db, id);
    if (!row) throw notFound('Webhook endpoint');
    return toEndpoint(row);
  }

  /** The endpoint's latest deliveries, newest first. */
  async deliveries(endpointId: number, limit = DELIVERY_LOG_SIZE): Promise<WebhookDelivery[]> {
    return (await latestDeliveryRows(this.deps.db, endpointId, limit)).map(toDelivery);
  }

  /** Creates an endpoint with a new random secret. Throws WebhookValidationError with a message per field. */
  async create(input: WebhookEndpointInput, actor: WebhookActor): Promise<WebhookEndpoint> {
    const checked = validateEndpointInput(input);
    if (!checked.ok) throw new WebhookValidationError(checked.errors);
    const now = isoNow(this.deps.clock);
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const id = await insertEndpoint(trx, {
        url: checked.value.url,
        description: checked.value.description,
        secret: newWebhookSecret(),
        events: JSON.stringify(checked.value.events),
        active: checked.value.active,
        created_at: now,
        updated_at: now,
      });
      await this.deps.audit.record(
        { actorId: actor.userId, action: 'webhook.created', subjectType: 'webhook', subjectId: id, after: auditView(checked.value), ip: actor.ip },
        trx,
      );
      return id;
    });
    return this.find(id);
  }

  async update(id: number, input: WebhookEndpointInput, actor: WebhookActor): Promise<WebhookEndpoint> {
    const before = await this.find(id);
    const checked = validateEndpointInput(input);
    if (!checked.ok) throw new WebhookValidationError(checked.errors);
    await this.deps.db.transaction().execute(async (trx) => {
      await updateEndpointRow(trx, id, {
        url: checked.value.url,
        description: checked.value.description,
        events: JSON.stringify(checked.value.events),
        active: checked.value.active,
        updated_at: isoNow(this.deps.clock),
      });
      await this.deps.audit.record(
        {
          actorId: actor.userId,
          action: 'webhook.updated',
          subjectType: 'webhook',
          subjectId: id,
          before: auditView(before),
          after: auditView(checked.value),
          ip: actor.ip,
        },
        trx,
      );
    });
    return this.find(id);
  }

  /** Deletes the endpoint and its delivery log; deliveries waiting for it are never sent. */
  async delete(id: number, actor: WebhookActor): Promise<void> {
    const before = await this.find(id);
    await this.deps.db.transaction().execute(async (trx) => {
      await deleteEndpointRow(trx, id);
      await this.deps.audit.record(
        { actorId: actor.userId, action: 'webhook.deleted', subjectType: 'webhook', subjectId: id, before: auditView(before), ip: actor.ip },
        trx,
      );
    });
  }

  /**
   * Replaces the secret at once. Deliveries from now on (retries included) are signed with the new one; until the
   * receiver has it, they fail verification there and are retried.
   */
  async rotateSecret(id: number, actor: WebhookActor): Promise<WebhookEndpoint> {
    await this.find(id);
    await this.deps.db.transaction().execute(async (trx) => {
      await updateEndpointRow(trx, id, { secret: newWebhookSecret(), updated_at: isoNow(this.deps.clock) });
      await this.deps.audit.record({ actorId: actor.userId, action: 'webhook.secret_rotated', subjectType: 'webhook', subjectId: id, ip: actor.ip }, trx);
    });
    return this.find(id);
  }

  /**
   * Queues one delivery of `event` per active endpoint subscribed to it (a quick insert, no HTTP) and returns their
   * ids. `data` may be a function: it is called only when someone subscribes, and null means "nothing to send".
   */
  async enqueue(event: WebhookEventName, data: WebhookData | (() => Promise<WebhookData | null>)): Promise<number[]> {
    const endpoints = (await listEndpointRows(this.deps.db, { activeOnly: true })).filter((row) => parseEvents(row.events).includes(event));
    if (!endpoints.length) return [];
    const resolved = typeof data === 'function' ? await data() : data;
    if (!resolved) return [];
    return this.insert(
      endpoints.map((row) => row.id),
      event,
      resolved,
    );
  }

  /** Queues a `ping` for one endpoint (the newsroom's "Send test"), whether or not it is active. */
  async enqueuePing(endpointId: number): Promise<number> {
    await this.find(endpointId);
    const [id] = await this.insert([endpointId], 'ping', {
      endpoint_id: endpointId,
      message: 'A test delivery from Dateline. If your receiver verified this signature, it is ready.',
    });
    return id!;
  }

  /** Deletes finished deliveries older than `days` days; returns how many. */
  async purgeDeliveries(days = 30): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - days * 24 * 3600_000).toISOString();
    return purgeDeliveryRows(this.deps.db, cutoff);
  }

  private async insert(endpointIds: number[], event: WebhookDeliveryEvent, data: WebhookData): Promise<number[]> {
    const now = isoNow(this.deps.clock);
    return insertDeliveries(
      this.deps.db,
      endpointIds.map((endpointId) => {
        const uuid = randomUUID();
        const payload: WebhookPayload = { id: uuid, event, created_at: now, data };
        return {
          endpoint_id: endpointId,
          uuid,
          event,
          payload: JSON.stringify(payload),
          status: 'pending' as const,
          attempts: 0,
          next_attempt_at: now,
          created_at: now,
          updated_at: now,
        };
      }),
    );
  }
}
