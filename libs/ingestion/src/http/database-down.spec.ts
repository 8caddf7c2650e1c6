import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  DATABASE_UNAVAILABLE_MESSAGE,
  JsonLogger,
  MetricsModule,
  RETRY_AFTER_SECONDS,
  createServiceApp,
} from '@ramprognos/service-kit';
import { createServer } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { QueryFailedError } from 'typeorm';
import { ledgerPosted } from '../../test/events';
import { IngestAuthority } from '../auth/ingest-authority';
import { IngestTokenGuard } from '../auth/ingest-token.guard';
import { EventIngestion } from '../events/event-ingestion';
import { ingestionSpec } from '../ingestion-spec';
import type { AppendMode, AppendResult, EventStore } from '../store/event-store';
import { MemoryEventStore } from '../store/memory-event-store';
import type { PreparedEvent } from '../events/prepared-event';
import { eventsControllerFor } from './events.controller';
import { IngestionStatusController } from './status.controller';

// POST /v1/events and GET /v1/status over HTTP (the service kit's shell, in process) while the
// event store's database is down: 503 with Retry-After and a clear body, not a 500. The errors
// are node-postgres' own: a refused connection, and a server that hangs up.

async function realConnectionErrors(): Promise<Error[]> {
  const refused = await new Client({ host: '127.0.0.1', port: 1 }).connect().catch((e: Error) => e);
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const hungUp = await new Client({ host: '127.0.0.1', port }).connect().catch((e: Error) => e);
  server.close();
  return [refused as Error, hungUp as Error];
}

/** The event store port in front of a database; `failure` set: every call fails with it. */
class SwitchableStore implements EventStore {
  readonly memory = new MemoryEventStore();
  failure: Error | null = null;

  append(events: readonly PreparedEvent[], mode: AppendMode): Promise<AppendResult> {
    return this.failure ? Promise.reject(this.failure) : this.memory.append(events, mode);
  }
  outboxPending(): Promise<number> {
    return this.failure ? Promise.reject(this.failure) : this.memory.outboxPending();
  }
  storedTimes(source: string, ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return this.failure ? Promise.reject(this.failure) : this.memory.storedTimes(source, ids);
  }
}

const TOKEN = 'payments-token';
const spec = ingestionSpec('payments');
const store = new SwitchableStore();

@Module({
  imports: [MetricsModule.forRoot({ serviceName: 'payments' })],
  controllers: [eventsControllerFor(spec, 100), IngestionStatusController],
  providers: [
    { provide: IngestAuthority, useValue: new IngestAuthority(new Map([[TOKEN, ['urn:system:raindance']]])) },
    IngestTokenGuard,
    { provide: EventIngestion, useValue: new EventIngestion(spec, store) },
  ],
})
class IngestionProbeModule {}

describe('ingestion over HTTP while the database is down', () => {
  let app: NestExpressApplication;
  let outage: Error[];
  const lines: string[] = [];

  beforeAll(async () => {
    outage = await realConnectionErrors();
    app = await createServiceApp(IngestionProbeModule, {
      serviceName: 'payments',
      port: 0,
      listen: false,
      logger: new JsonLogger({ service: 'payments', level: 'warn', write: (l) => lines.push(l) }),
    });
  });
  afterAll(() => app.close());
  afterEach(() => {
    store.failure = null;
  });

  const post = (body: unknown) =>
    request(app.getHttpServer())
      .post('/v1/events')
      .set('Authorization', `Bearer ${TOKEN}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));

  it('answers POST /v1/events with 503, Retry-After and a clear body; the resend after the outage is taken', async () => {
    for (const failure of outage) {
      store.failure = failure;
      const res = await post([ledgerPosted(1), ledgerPosted(2)]).expect(503);
      expect(res.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
      expect(res.body).toEqual({ errors: [{ message: DATABASE_UNAVAILABLE_MESSAGE }] });
    }
    expect(store.memory.events.size).toBe(0);
    store.failure = null;
    const res = await post([ledgerPosted(1), ledgerPosted(2)]).expect(202);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0 });
  });

  it('answers GET /v1/status with 503 and Retry-After', async () => {
    store.failure = outage[0];
    const res = await request(app.getHttpServer()).get('/v1/status').expect(503);
    expect(res.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(res.body.errors[0].message).toBe(DATABASE_UNAVAILABLE_MESSAGE);
  });

  it('still validates first: an invalid event is a 422 whether or not the database is up', async () => {
    store.failure = outage[0];
    const res = await post([ledgerPosted(1, { time: 'yesterday' })]).expect(422);
    expect(res.body.errors[0]).toMatchObject({ index: 0, field: 'time' });
  });

  it('keeps a 500 for a database error that a retry would not cure', async () => {
    store.failure = new QueryFailedError(
      'insert',
      [],
      Object.assign(new Error('value too long for type character varying(64)'), { code: '22001' }),
    );
    const res = await post([ledgerPosted(3)]).expect(500);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.body).toEqual({ errors: [{ message: 'internal error' }] });
  });

  it('logs the outage by error name and code only', () => {
    const refused = lines
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === 'request refused: database unavailable');
    expect(refused.map((l) => l.error)).toEqual(
      expect.arrayContaining(['Error ECONNREFUSED', expect.stringMatching(/^Error/)]),
    );
    expect(lines.join('\n')).not.toContain('ev-1');
  });
});
