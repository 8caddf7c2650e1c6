import { Client } from 'pg';
import { runScript } from './run-script';

export interface PostgresInfra {
  /** URL of the database the tests use (created when missing). */
  readonly url: string;
  readonly version: string;
  readonly startedHere: boolean;
}


async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A real PostgreSQL for tests: DATABASE_URL when set, else 127.0.0.1:5432, else a cluster the
 * project starts itself (scripts/postgres.sh, Debian's server binaries).
 */
export async function ensurePostgres(defaultDatabase = 'ramprognos_test'): Promise<PostgresInfra> {
  let startedHere = false;
  let serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!(await answers(withDatabase(serverUrl, 'postgres')))) {
    if (process.env.DATABASE_URL) throw new Error('DATABASE_URL does not answer');
    runScript('postgres.sh', ['start']);
    serverUrl = runScript('postgres.sh', ['url']);
    startedHere = true;
  }
  const database = process.env.DATABASE_URL ? new URL(serverUrl).pathname.slice(1) : defaultDatabase;
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`create database "${database.replace(/"/g, '""')}"`);
    const { rows } = await admin.query<{ server_version: string }>('show server_version');
    return { url: withDatabase(serverUrl, database), version: rows[0].server_version, startedHere };
  } finally {
    await admin.end();
  }
}

export function stopPostgres(): void {
  runScript('postgres.sh', ['stop']);
}
