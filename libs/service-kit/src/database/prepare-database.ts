import { Client } from 'pg';
import type { DataSource } from 'typeorm';

// SQLSTATEs of a concurrent CREATE by another replica starting at the same moment.
const ALREADY_CREATED = new Set(['42P04', '42P06', '23505']);

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

async function withClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function tolerateConcurrentCreate(create: Promise<unknown>): Promise<void> {
  try {
    await create;
  } catch (error) {
    if (!ALREADY_CREATED.has((error as { code?: string }).code ?? '')) throw error;
  }
}

/**
 * Creates the database of DATABASE_URL (through the `postgres` maintenance database) and the
 * service's schema when they are missing, so a fresh PostgreSQL needs no manual setup.
 */
export async function ensureDatabaseAndSchema(url: string, schema: string): Promise<void> {
  const database = databaseName(url);
  if (database !== 'postgres') {
    await withClient(withDatabase(url, 'postgres'), async (admin) => {
      const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
      if (found.rowCount === 0)
        await tolerateConcurrentCreate(admin.query(`create database ${quoteIdent(database)}`));
    });
  }
  await withClient(url, (client) =>
    tolerateConcurrentCreate(client.query(`create schema if not exists ${quoteIdent(schema)}`)),
  );
}

/**
 * Runs pending migrations while holding a session advisory lock keyed by the schema, so replicas
 * that start together apply them once, one after the other.
 */
export async function runMigrationsLocked(dataSource: DataSource, schema: string): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`select pg_advisory_lock(hashtext($1))`, [`ramprognos.migrations.${schema}`]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await lock.query(`select pg_advisory_unlock(hashtext($1))`, [`ramprognos.migrations.${schema}`]);
    }
  } finally {
    await lock.release();
  }
}
