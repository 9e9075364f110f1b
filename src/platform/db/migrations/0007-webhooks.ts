import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * Webhooks: the endpoints admins configure, and a durable queue of deliveries (one row per event and endpoint) that a
 * background worker claims, POSTs and retries. The row is also the delivery log.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  const ts = d.timestampType;

  await d
    .addIdColumn(db.schema.createTable('webhook_endpoints'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    /** Signs every delivery; shown to admins so their receiver can verify. Needed in the clear to sign. */
    .addColumn('secret', 'text', (c) => c.notNull())
    /** JSON list of subscribed event names. */
    .addColumn('events', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('active', d.booleanType, d.booleanDefault(true))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await d
    .addIdColumn(db.schema.createTable('webhook_deliveries'))
    .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
    /** Sent as the payload's `id` and the Dateline-Delivery header: receivers deduplicate on it. */
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('event', 'text', (c) => c.notNull())
    /** The exact JSON body, built when the event happened; every attempt sends the same bytes. */
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'delivering', 'succeeded', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', ts, (c) => c.notNull())
    /** While 'delivering': the claim expires then, and another worker may take the delivery over. */
    .addColumn('locked_until', ts)
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_duration_ms', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('delivered_at', ts)
    .execute();
  await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('webhook_deliveries_endpoint_idx').on('webhook_deliveries').columns(['endpoint_id', 'id']).execute();
}
