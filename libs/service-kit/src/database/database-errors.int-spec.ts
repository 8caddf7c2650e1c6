import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseFailureKind, isTransientDatabaseError } from './database-errors';

// The errors a real PostgreSQL raises when it goes away, through TypeORM as the services use it:
// its backends terminated (an administrator, a restart, a failover), a role out of connections;
// and, as the control, errors that must stay permanent.

const role = `kit_errors_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
let admin: Client;
let dataSource: DataSource;

function urlAs(user: string): string {
  const url = new URL(process.env.DATABASE_URL ?? '');
  url.username = user;
  url.password = '';
  return url.toString();
}

async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  return work().then(
    () => {
      throw new Error('expected the database to refuse');
    },
    (error: unknown) => error,
  );
}

async function terminateBackendsOf(user: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where usename = $1`,
    [user],
  );
  return rows[0].n;
}

beforeAll(async () => {
  admin = new Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  // Not a superuser: the connection limit below does not bind superusers.
  await admin.query(`create role ${role} login`);
  dataSource = await new DataSource({ type: 'postgres', url: urlAs(role), poolSize: 2 }).initialize();
});

afterAll(async () => {
  await dataSource?.destroy().catch(() => undefined);
  await terminateBackendsOf(role).catch(() => undefined);
  await admin?.query(`drop role if exists ${role}`).catch(() => undefined);
  await admin?.end();
});

describe('isTransientDatabaseError against a real PostgreSQL', () => {
  it('a terminated backend (57P01 admin_shutdown, or the connection gone) is transient', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('select 1');
      expect(await terminateBackendsOf(role)).toBeGreaterThan(0);
      const error = await failureOf(() => runner.query('select 1'));
      expect(String((error as Error).message)).toMatch(
        // Which one depends on whether the client's error event or the query comes first.
        /terminating connection due to administrator command|Connection terminated|not queryable|already released/,
      );
      expect(isTransientDatabaseError(error)).toBe(true);
      expect(databaseFailureKind(error)).toBe('transient');
    } finally {
      await runner.release().catch(() => undefined);
    }
  });

  it('a role out of connections (53300 too_many_connections) is transient', async () => {
    await terminateBackendsOf(role);
    await admin.query(`alter role ${role} connection limit 0`);
    try {
      const error = await failureOf(() => dataSource.query('select 1'));
      expect(error).toMatchObject({ code: '53300' });
      expect(isTransientDatabaseError(error)).toBe(true);
    } finally {
      await admin.query(`alter role ${role} connection limit -1`);
    }
    // And it passes by itself once connections are free again.
    await expect(dataSource.query('select 1 as one')).resolves.toEqual([{ one: 1 }]);
  });

  it('a division by zero, an impossible date, a NUL and a missing table stay permanent', async () => {
    const errors = [
      await failureOf(() => dataSource.query(`select 1 / (select count(*) from pg_class where false)::int`)),
      await failureOf(() => dataSource.query(`select $1::date`, ['2023-02-30'])),
      await failureOf(() => dataSource.query(`select $1::text`, ['a\u0000b'])),
      await failureOf(() => dataSource.query(`select * from no_such_table_${role}`)),
    ];
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['22012', '22008', '22021', '42P01']);
    for (const error of errors) expect(databaseFailureKind(error)).toBe('permanent');
  });
});
