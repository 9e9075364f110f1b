import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** Repositories take either the database or an open transaction, so services decide the transaction boundaries. */
export type Db = Kysely<Database> | Transaction<Database>;
