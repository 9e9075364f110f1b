import { expect } from 'vitest';
import { createNewsServices, type NewsServices } from '../../src/news/services.js';
import { type Clock, systemClock } from '../../src/news/shared/clock.js';
import { DomainError } from '../../src/news/shared/errors.js';
import type { DatabaseHandle } from '../../src/platform/db/connection.js';
import type { DialectName } from '../../src/platform/db/dialect.js';
import { DomainEventBus } from '../../src/news/events.js';
import { createSigner } from '../../src/platform/security/signer.js';
import { createTestDatabase } from './database.js';

/** The domain services (no HTTP) on a fresh, migrated database of the dialect; destroy `database` afterwards. */
export async function createTestServices(dialect: DialectName, clock: Clock = systemClock): Promise<{ database: DatabaseHandle; services: NewsServices }> {
  const database = await createTestDatabase(dialect);
  return { database, services: createNewsServices({ db: database.db, events: new DomainEventBus(() => {}), clock, signer: createSigner('k'.repeat(32)) }) };
}

/** The DomainError a promise rejects with; the test fails if it resolves or rejects with anything else. */
export async function domainRejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}
