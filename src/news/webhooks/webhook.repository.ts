import type { Insertable, Updateable } from 'kysely';
import type { WebhookDeliveriesTable, WebhookDeliveryRow, WebhookEndpointRow, WebhookEndpointsTable } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';

export async function insertEndpoint(db: Db, row: Insertable<WebhookEndpointsTable>): Promise<number> {
  const { id } = await db.insertInto('webhook_endpoints').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function findEndpointRow(db: Db, id: number): Promise<WebhookEndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listEndpointRows(db: Db, options: { activeOnly?: boolean } = {}): Promise<WebhookEndpointRow[]> {
  let query = db.selectFrom('webhook_endpoints').selectAll();
  if (options.activeOnly) query = query.where('active', '=', true);
  return query.orderBy('id').execute();
}

export async function updateEndpointRow(db: Db, id: number, changes: Updateable<WebhookEndpointsTable>): Promise<void> {
  await db.updateTable('webhook_endpoints').set(changes).where('id', '=', id).execute();
}

export async function deleteEndpointRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

export async function insertDeliveries(db: Db, rows: Insertable<WebhookDeliveriesTable>[]): Promise<number[]> {
  if (!rows.length) return [];
  const inserted = await db.insertInto('webhook_deliveries').values(rows).returning('id').execute();
  return inserted.map((row) => row.id);
}

export async function findDeliveryRow(db: Db, id: number): Promise<WebhookDeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An endpoint's deliveries, newest first. */
export async function latestDeliveryRows(db: Db, endpointId: number, limit: number): Promise<WebhookDeliveryRow[]> {
  return db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('id', 'desc').limit(limit).execute();
}

/** Each endpoint's newest delivery. */
export async function lastDeliveryRows(db: Db): Promise<WebhookDeliveryRow[]> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where(
      'id',
      'in',
      db
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.max('id').as('id'))
        .groupBy('endpoint_id'),
    )
    .execute();
}

/**
 * Deliveries a worker may take now: pending and due, or 'delivering' with a lapsed claim (the worker that held it
 * stopped). Oldest due first. With `ids`, only among those.
 */
export async function dueDeliveryIds(db: Db, now: string, limit: number, ids?: readonly number[]): Promise<number[]> {
  let query = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'delivering'), eb('locked_until', '<=', now)]),
      ]),
    );
  if (ids) query = query.where('id', 'in', ids.length ? [...ids] : [-1]);
  const rows = await query.orderBy('next_attempt_at').orderBy('id').limit(limit).execute();
  return rows.map((row) => row.id);
}

/**
 * Claims one delivery for one attempt: a single conditional UPDATE, so of several workers (processes or instances)
 * racing for it exactly one gets the row back; the others get nothing and move on. The claim counts the attempt and
 * holds the delivery until `lockedUntil`.
 */
export async function claimDelivery(db: Db, id: number, now: string, lockedUntil: string): Promise<WebhookDeliveryRow | undefined> {
  return db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ status: 'delivering', attempts: eb('attempts', '+', 1), locked_until: lockedUntil, updated_at: now }))
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'delivering'), eb('locked_until', '<=', now)]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
}

/**
 * Records how a claimed attempt went, only if the claim is still ours (same attempt number, still delivering): a
 * worker whose claim lapsed and was taken over cannot overwrite the newer attempt.
 */
export async function finishDelivery(db: Db, id: number, attempt: number, changes: Updateable<WebhookDeliveriesTable>): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ ...changes, locked_until: null })
    .where('id', '=', id)
    .where('status', '=', 'delivering')
    .where('attempts', '=', attempt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes finished deliveries (succeeded or failed) last changed before `before`. */
export async function purgeDeliveryRows(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('webhook_deliveries').where('status', 'in', ['succeeded', 'failed']).where('updated_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
