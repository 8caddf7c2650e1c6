import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../logging/json-logger';
import { databaseModule } from './database.module';
import { ensureDatabaseAndSchema } from './prepare-database';

// A library may not use libs/testing (a type:testing project); fresh names made here instead.
function uniqueSchema(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

class CreateProbe1700000000000 implements MigrationInterface {
  name = 'CreateProbe1700000000000';
  async up(q: QueryRunner): Promise<void> {
    // Slow on purpose: a second replica must wait for this one, not run the migration again.
    await q.query('select pg_sleep(0.3)');
    await q.query('create table probe (id int primary key)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table probe');
  }
}

function urlWithDatabase(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? '');
  url.pathname = `/${database}`;
  return url.toString();
}

async function query<T extends Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

describe('databaseModule', () => {
  it('creates a missing database and schema, also when replicas race', async () => {
    const database = uniqueSchema('kit_db');
    const url = urlWithDatabase(database);
    try {
      await Promise.all([ensureDatabaseAndSchema(url, 'svc'), ensureDatabaseAndSchema(url, 'svc')]);
      const schemas = await query<{ n: string }>(
        url,
        `select nspname as n from pg_namespace where nspname = 'svc'`,
      );
      expect(schemas).toHaveLength(1);
    } finally {
      await query(urlWithDatabase('postgres'), `drop database if exists "${database}" with (force)`);
    }
  });

  it('migrates once under concurrent boots, into the schema on the search_path', async () => {
    const url = process.env.DATABASE_URL ?? '';
    const schema = uniqueSchema('kit_mig');
    @Module({
      imports: [databaseModule({ url, schema, migrations: [CreateProbe1700000000000], retryAttempts: 0 })],
    })
    class ProbeModule {}
    const logger = new JsonLogger({ service: 'kit', level: 'error', write: () => undefined });
    const apps = await Promise.all(
      [1, 2].map(() => NestFactory.createApplicationContext(ProbeModule, { logger, abortOnError: false })),
    );
    try {
      const migrations = await query<{ name: string }>(url, `select name from "${schema}".migrations`);
      expect(migrations.map((m) => m.name)).toEqual(['CreateProbe1700000000000']);
      const tables = await query<{ t: string }>(
        url,
        `select table_name as t from information_schema.tables where table_schema = $1`,
        [schema],
      );
      expect(tables.map((r) => r.t).sort()).toEqual(['migrations', 'probe']);
      const path = await apps[0].get(DataSource).query('show search_path');
      expect(path[0].search_path).toBe(`"${schema}"`);
    } finally {
      await Promise.all(apps.map((a) => a.close()));
      await query(url, `drop schema if exists "${schema}" cascade`);
    }
  });
});
