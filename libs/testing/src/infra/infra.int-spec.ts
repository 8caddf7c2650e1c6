import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { uniqueId } from '../ids';

// The integration tier talks to real parts: these checks fail when the global setup hands the
// tests anything but a live broker (with our settings) and a live database.
describe('test infrastructure', () => {
  const kafka = new Kafka({
    clientId: 'infra-check',
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });

  it('provides a running Kafka broker that does not auto-create topics', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      expect(cluster.brokers.length).toBeGreaterThanOrEqual(1);
      expect(cluster.clusterId).toMatch(/\S+/);
      const missing = uniqueId('missing-topic');
      const metadata = admin.fetchTopicMetadata({ topics: [missing] });
      await expect(metadata).rejects.toThrow();
      expect(await admin.listTopics()).not.toContain(missing);
    } finally {
      await admin.disconnect();
    }
  });

  it('provides a PostgreSQL that accepts DDL in a fresh schema', async () => {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const schema = uniqueId('infra').replace(/-/g, '_');
    try {
      await client.query(`create schema ${schema}`);
      await client.query(`create table ${schema}.t (v bigint)`);
      await client.query(`insert into ${schema}.t values (9007199254740993)`);
      const { rows } = await client.query(`select v::text from ${schema}.t`);
      expect(rows[0].v).toBe('9007199254740993');
    } finally {
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  });
});
