import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  EventIngestion,
  IngestAuthority,
  IngestTokenGuard,
  MemoryEventStore,
  ingestionSpec,
  type AppendMode,
  type AppendResult,
  type EventStore,
  type PreparedEvent,
} from '@ramprognos/ingestion';
import {
  DATABASE_UNAVAILABLE_MESSAGE,
  JsonLogger,
  MetricsModule,
  RETRY_AFTER_SECONDS,
  SERVICE_CONFIG,
  createServiceApp,
} from '@ramprognos/service-kit';
import { Client } from 'pg';
import request from 'supertest';
import { LedgerImportController } from './ledger-import.controller';

// POST /v1/imports/ledger over HTTP (the kit's shell, in process) while the database is down:
// 503 with Retry-After, nothing imported; the same file after the outage is imported.

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

const TOKEN = 'ledger-token';
const store = new SwitchableStore();
const FILE = 'Verifikation;Bokföringsdatum;Konto;Belopp\nV1;2023-05-02;4560;100\nV2;2023-05-03;4561;-5,50\n';

@Module({
  imports: [MetricsModule.forRoot({ serviceName: 'payments' })],
  controllers: [LedgerImportController],
  providers: [
    { provide: SERVICE_CONFIG, useValue: { LEDGER_IMPORT_LIMIT: '1mb' } },
    { provide: IngestAuthority, useValue: new IngestAuthority(new Map([[TOKEN, ['urn:system:raindance']]])) },
    IngestTokenGuard,
    { provide: EventIngestion, useValue: new EventIngestion(ingestionSpec('payments'), store) },
  ],
})
class LedgerImportProbeModule {}

describe('POST /v1/imports/ledger while the database is down', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createServiceApp(LedgerImportProbeModule, {
      serviceName: 'payments',
      port: 0,
      listen: false,
      logger: new JsonLogger({ service: 'payments', level: 'fatal', write: () => undefined }),
    });
  });
  afterAll(() => app.close());

  const upload = () =>
    request(app.getHttpServer())
      .post('/v1/imports/ledger')
      .set('Authorization', `Bearer ${TOKEN}`)
      .set('Content-Type', 'text/csv; charset=utf-8')
      .send(FILE);

  it('answers 503 with Retry-After and imports nothing; the same file afterwards is imported', async () => {
    // node-postgres' own error for a database that is not there.
    store.failure = await new Client({ host: '127.0.0.1', port: 1 }).connect().then(
      () => null,
      (e: Error) => e,
    );
    expect(store.failure).toMatchObject({ code: 'ECONNREFUSED' });
    const down = await upload().expect(503);
    expect(down.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(down.body).toEqual({ errors: [{ message: DATABASE_UNAVAILABLE_MESSAGE }] });
    expect(store.memory.events.size).toBe(0);

    store.failure = null;
    const up = await upload().expect(202);
    expect(up.body).toMatchObject({ rows: 2, accepted: 2, duplicates: 0 });
  });
});
