// The rounds API against real PostgreSQL, with a fake report source (whose figures a test can
// change afterwards, as late events would): open, comment, mark ready, approve, freeze, export.
import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  AuthModule,
  createServiceApp,
  databaseModule,
  JsonLogger,
  MetricsModule,
  signLocalToken,
  type Role,
} from '@ramprognos/service-kit';
import { uniqueSchema } from '@ramprognos/testing';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import request from 'supertest';
import type { Clock } from '../budgets';
import { CLOCK } from '../clock';
import { ReportRounds1795450000000 } from '../migrations/1795450000000-report-rounds';
import { RoundsModule } from './rounds.module';
import { FakeReportSource } from './testing/fake-report-source';

const SECRET = 'rounds-int-test-jwt-secret-0123456789';

class MovableClock implements Clock {
  constructor(private instant: string) {}
  now(): Date {
    return new Date(this.instant);
  }
  set(iso: string): void {
    this.instant = iso;
  }
}

const clock = new MovableClock('2023-09-01T06:00:00.000Z');
const source = new FakeReportSource();
const schema = uniqueSchema('rounds_it');

@Global()
@Module({ providers: [{ provide: CLOCK, useValue: clock }], exports: [CLOCK] })
class TestClockModule {}

@Module({})
class RoundsTestApp {
  static forRoot(): DynamicModule {
    return {
      module: RoundsTestApp,
      imports: [
        databaseModule({
          url: process.env.DATABASE_URL as string,
          schema,
          migrations: [ReportRounds1795450000000],
          applicationName: 'rounds-it',
        }),
        MetricsModule.forRoot({ serviceName: 'reporting' }),
        AuthModule.forRoot({ jwtSecret: SECRET }),
        TestClockModule,
        RoundsModule.forRoot({ reportSource: source }),
      ],
    };
  }
}

let app: NestExpressApplication;
const auth = async (roles: Role[], subject: string) => `Bearer ${await signLocalToken(SECRET, { subject, roles })}`;
let controller: string;
let ekonom: string;
let admin: string;

async function sql<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

const http = () => request(app.getHttpServer());

async function cells(xlsx: Buffer): Promise<unknown[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => ({ name: sheet.name, rows: sheet.getSheetValues() }));
}

beforeAll(async () => {
  app = await createServiceApp(RoundsTestApp.forRoot(), {
    serviceName: 'reporting',
    port: 0,
    listen: false,
    logger: new JsonLogger({ service: 'reporting', level: 'fatal', write: () => undefined }),
  });
  controller = await auth(['controller'], 'carl.controller');
  ekonom = await auth(['ekonom'], 'eva.ekonom');
  admin = await auth(['admin'], 'adam.admin');
});

afterAll(async () => {
  await app?.close();
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
});

async function openRound(label: string, asOf = '2023-08-31'): Promise<string> {
  const res = await http().post('/v1/rounds').set('Authorization', controller).send({ year: 2023, asOf, label }).expect(201);
  expect(res.headers.location).toBe(`/v1/rounds/${res.body.roundId}`);
  return res.body.roundId as string;
}

describe('a report round from opening to the nämnd', () => {
  let roundId: string;

  it('is opened by a controller, capturing the figures at asOf as known at that instant', async () => {
    clock.set('2023-09-01T06:00:00.000Z');
    await http().post('/v1/rounds').set('Authorization', ekonom).send({ year: 2023, asOf: '2023-08-31', label: 'x' }).expect(403);
    const captures = source.captures;
    roundId = await openRound('Delårsrapport 2023');
    expect(source.captures).toBe(captures + 1);
    const round = (await http().get(`/v1/rounds/${roundId}`).set('Authorization', controller).expect(200)).body;
    expect(round).toMatchObject({
      year: 2023,
      asOf: '2023-08-31',
      label: 'Delårsrapport 2023',
      knownAt: '2023-09-01T06:00:00.000Z',
      status: 'OPEN',
      opened: { at: '2023-09-01T06:00:00.000Z', by: 'carl.controller' },
      lineCount: 2,
      readyCount: 0,
    });
    const expected = await source.capture({ year: 2023, asOf: '2023-08-31', knownAt: '2023-09-01T06:00:00.000Z' });
    expect(round.snapshot).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(round.snapshot.reports.line.total.actualYtd).toBe(expected.reports.line.total.actualYtd);
  });

  it('lists the year’s rounds, and refuses a second round with the same label', async () => {
    const list = (await http().get('/v1/rounds?year=2023').set('Authorization', ekonom).expect(200)).body;
    expect(list.rounds.map((r: { roundId: string }) => r.roundId)).toContain(roundId);
    const again = await http().post('/v1/rounds').set('Authorization', controller).send({ year: 2023, asOf: '2023-08-31', label: 'delårsrapport 2023' });
    expect([again.status, again.body.errors[0].field]).toEqual([409, 'label']);
  });

  it('takes comments and readiness from economists, each recorded with who and when', async () => {
    clock.set('2023-09-04T08:00:00.000Z');
    const commented = await http()
      .put(`/v1/rounds/${roundId}/lines/EKB_UTBETALT/comment`)
      .set('Authorization', ekonom)
      .send({ text: 'Färre hushåll än budgeterat.' })
      .expect(200);
    expect(commented.body.lines.find((l: { code: string }) => l.code === 'EKB_UTBETALT').comment).toEqual({
      at: '2023-09-04T08:00:00.000Z',
      by: 'eva.ekonom',
      text: 'Färre hushåll än budgeterat.',
    });
    const personal = await http()
      .put(`/v1/rounds/${roundId}/lines/IFO_FAMILJEHEM/comment`)
      .set('Authorization', ekonom)
      .send({ text: 'Gäller 19121212-1212' });
    expect(personal.status).toBe(422);
    expect(JSON.stringify(personal.body)).not.toContain('1212');
    await http().put(`/v1/rounds/${roundId}/lines/NOPE/comment`).set('Authorization', ekonom).send({ text: 'x' }).expect(404);
    await http().post(`/v1/rounds/${roundId}/lines/EKB_UTBETALT/ready`).set('Authorization', ekonom).expect(200);
  });

  it('keeps concurrent changes to one round (optimistic concurrency, retried)', async () => {
    await Promise.all([
      http().put(`/v1/rounds/${roundId}/lines/IFO_FAMILJEHEM/comment`).set('Authorization', ekonom).send({ text: 'Fler vårddygn.' }).expect(200),
      http().post(`/v1/rounds/${roundId}/lines/EKB_UTBETALT/reopen`).set('Authorization', admin).expect(200),
    ]);
    const rows = await sql<{ seq: number; type: string }>('select seq, type from round_events where round_id = $1 order by seq', [roundId]);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.slice(3).map((r) => r.type).sort()).toEqual(['LineCommented', 'LineReopened']);
    await http().post(`/v1/rounds/${roundId}/lines/EKB_UTBETALT/ready`).set('Authorization', ekonom).expect(200);
  });

  it('is approved only by a controller and only when every line is ready', async () => {
    await http().post(`/v1/rounds/${roundId}/approve`).set('Authorization', ekonom).expect(403);
    await http().post(`/v1/rounds/${roundId}/approve`).set('Authorization', admin).expect(403);
    const refused = await http().post(`/v1/rounds/${roundId}/approve`).set('Authorization', controller).expect(409);
    expect(refused.body.errors[0]).toMatchObject({ field: 'lines', message: expect.stringContaining('IFO_FAMILJEHEM') });
    await http().post(`/v1/rounds/${roundId}/lines/IFO_FAMILJEHEM/ready`).set('Authorization', ekonom).expect(200);
    clock.set('2023-09-06T10:00:00.000Z');
    const approved = await http().post(`/v1/rounds/${roundId}/approve`).set('Authorization', controller).expect(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', approved: { at: '2023-09-06T10:00:00.000Z', by: 'carl.controller' } });
  });

  it('is frozen after approval: no more comments, readiness or reopening', async () => {
    for (const call of [
      http().put(`/v1/rounds/${roundId}/lines/EKB_UTBETALT/comment`).set('Authorization', controller).send({ text: 'sent' }),
      http().post(`/v1/rounds/${roundId}/lines/EKB_UTBETALT/reopen`).set('Authorization', controller),
    ]) {
      const res = await call;
      expect(res.status).toBe(409);
      expect(res.body.errors[0].message).toContain('frozen');
    }
  });

  it('keeps its figures, CSV, XLSX and PDF byte for byte when late events for the period arrive', async () => {
    const get = async () => (await http().get(`/v1/rounds/${roundId}`).set('Authorization', controller).expect(200)).body;
    const file = async (format: string) =>
      (await http().get(`/v1/rounds/${roundId}/export?format=${format}`).set('Authorization', controller).responseType('blob').expect(200)).body as Buffer;
    const before = { round: await get(), pdf: await file('pdf'), csv: await file('csv'), xlsx: await file('xlsx') };
    expect(before.pdf.subarray(0, 5).toString()).toBe('%PDF-');

    source.lateOre = 5_000_000_00n; // 5 Mkr of payments for August, known only now
    clock.set('2023-09-20T12:00:00.000Z');
    const live = await source.capture({ year: 2023, asOf: '2023-08-31', knownAt: clock.now().toISOString() });
    expect(live.reports.line.total.actualYtd).not.toBe(before.round.snapshot.reports.line.total.actualYtd);

    const after = { round: await get(), pdf: await file('pdf'), csv: await file('csv'), xlsx: await file('xlsx') };
    expect(after.round.snapshot).toEqual(before.round.snapshot);
    expect(after.pdf.equals(before.pdf)).toBe(true);
    expect(after.csv.equals(before.csv)).toBe(true);
    // The zip inside an XLSX stamps each entry with the time it was written: compare the cells.
    expect(await cells(after.xlsx)).toEqual(await cells(before.xlsx));
    expect((await cells(before.xlsx)).length).toBeGreaterThan(3);
    source.lateOre = 0n;
  });

  it('answers the audit trail: every step with who and when, in order', async () => {
    const round = (await http().get(`/v1/rounds/${roundId}`).set('Authorization', ekonom).expect(200)).body;
    expect(round.audit[0]).toEqual({ seq: 1, type: 'RoundOpened', at: '2023-09-01T06:00:00.000Z', by: 'carl.controller' });
    expect(round.audit.at(-1)).toEqual({ seq: round.audit.length, type: 'RoundApproved', at: '2023-09-06T10:00:00.000Z', by: 'carl.controller' });
    expect(round.audit.filter((a: { type: string }) => a.type === 'LineCommented').map((a: { by: string; line: string }) => [a.by, a.line])).toEqual([
      ['eva.ekonom', 'EKB_UTBETALT'],
      ['eva.ekonom', 'IFO_FAMILJEHEM'],
    ]);
  });

  it('shows the ekonom role the volumes published by the opening, and withholds small counts as the live report does', async () => {
    const row = (body: { snapshot: { reports: { line: { rows: { code: string; volume: unknown }[] } } } }) =>
      body.snapshot.reports.line.rows.find((r) => r.code === 'IFO_FAMILJEHEM');
    const read = async (id: string, who: string) => (await http().get(`/v1/rounds/${id}`).set('Authorization', who).expect(200)).body;
    // Opened on 1 September: July is published, August (3 care days) only on 10 September.
    expect(row(await read(roundId, controller))?.volume).toMatchObject({ actualYtd: 215 });
    const early = await read(roundId, ekonom);
    expect(row(early)?.volume).toMatchObject({ actualYtd: 212 });
    expect(early.snapshot.published).toBeUndefined();
    // Opened after 10 September: August's 3 days are published, and withhold the line.
    const later = await openRound('Ekonomisk prognos augusti');
    expect(row(await read(later, ekonom))?.volume).toMatchObject({ actualYtd: null, suppressed: true });
    for (const id of [roundId, later]) {
      const csv = (await http().get(`/v1/rounds/${id}/export?format=csv`).set('Authorization', ekonom).expect(200)).text;
      expect(csv).not.toContain(';215;');
    }
  });

  it('cannot be changed behind the API: the tables refuse UPDATE and DELETE', async () => {
    await expect(sql(`update round_snapshots set snapshot = '{}'::jsonb where round_id = $1`, [roundId])).rejects.toThrow(/append-only/);
    await expect(sql(`delete from round_events where round_id = $1`, [roundId])).rejects.toThrow(/append-only/);
  });

  it('answers 404 for an unknown round, 400 for a malformed id or format, 422 for a bad opening', async () => {
    await http().get('/v1/rounds/6f1c2a4e-0000-4000-8000-00000000dead').set('Authorization', ekonom).expect(404);
    await http().get('/v1/rounds/not-a-round').set('Authorization', ekonom).expect(400);
    await http().get(`/v1/rounds/${roundId}/export?format=docx`).set('Authorization', ekonom).expect(400);
    const bad = await http().post('/v1/rounds').set('Authorization', controller).send({ year: 2023, asOf: '2024-01-01' }).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['asOf', 'label']);
    await http().get('/v1/rounds?year=2023').expect(401);
  });
});
