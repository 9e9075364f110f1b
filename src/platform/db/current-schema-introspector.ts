import { type DatabaseMetadataOptions, type Kysely, PostgresIntrospector, type TableMetadata, sql } from 'kysely';

/**
 * PostgreSQL introspection of this connection's schema only. Kysely's own reads every schema's columns and asks
 * `has_schema_privilege` of each by name, and its migrator asks that at every start: slow where many sites (or test
 * runs) share a database, and an error ("schema … does not exist") when another one's schema is dropped during the
 * query. A site's migrations only ever need their own schema.
 */
export class CurrentSchemaIntrospector extends PostgresIntrospector {
  // Kysely<any>, as Kysely's own introspectors take: they read catalogs the app's schema type knows nothing of.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly database: Kysely<any>) {
    super(database);
  }

  override async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const { rows } = await sql<{
      column: string;
      not_null: boolean;
      has_default: boolean;
      table: string;
      table_type: string;
      schema: string;
      type: string;
      type_schema: string;
      comment: string | null;
      auto_incrementing: string | null;
    }>`
      select a.attname as column, a.attnotnull as not_null, a.atthasdef as has_default, c.relname as table,
        c.relkind as table_type, ns.nspname as schema, typ.typname as type, dtns.nspname as type_schema,
        col_description(a.attrelid, a.attnum) as comment,
        pg_get_serial_sequence(quote_ident(ns.nspname) || '.' || quote_ident(c.relname), a.attname) as auto_incrementing
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_class c on c.oid = a.attrelid
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      join pg_catalog.pg_type typ on typ.oid = a.atttypid
      join pg_catalog.pg_namespace dtns on dtns.oid = typ.typnamespace
      where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p') and a.attnum >= 0 and not a.attisdropped
        ${options.withInternalKyselyTables ? sql`` : sql`and c.relname not in ('kysely_migration', 'kysely_migration_lock')`}
      order by c.relname, a.attnum`.execute(this.database);
    const tables = new Map<string, TableMetadata>();
    for (const row of rows) {
      let table = tables.get(row.table);
      if (!table) {
        table = { name: row.table, isView: row.table_type === 'v', schema: row.schema, columns: [] };
        tables.set(row.table, table);
      }
      table.columns.push({
        name: row.column,
        dataType: row.type,
        dataTypeSchema: row.type_schema,
        isAutoIncrementing: row.auto_incrementing !== null,
        isNullable: !row.not_null,
        hasDefaultValue: row.has_default,
        ...(row.comment !== null && { comment: row.comment }),
      });
    }
    return [...tables.values()];
  }
}
