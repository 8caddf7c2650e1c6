import { EventIngestion, MemoryEventStore, ingestionSpec } from '@ramprognos/ingestion';
import { importLedger } from './import-ledger';

// The import as a function over an in-memory store: all or nothing, idempotent on re-upload.
const principal = { sources: ['urn:system:raindance'], tokenRef: 't' };
const FILE = 'Verifikation;Bokföringsdatum;Konto;Belopp\nV1;2023-05-02;4560;100\nV2;2023-05-03;4561;-5,50\n';

function setup() {
  const store = new MemoryEventStore();
  return { store, ingestion: new EventIngestion(ingestionSpec('payments'), store) };
}

const upload = (
  ingestion: EventIngestion,
  file: string,
  at = '2024-01-10T12:00:00Z',
  source = 'urn:system:raindance',
) => importLedger({ bytes: Buffer.from(file), source, principal }, ingestion, { now: () => new Date(at) });

describe('importLedger', () => {
  it('imports the rows, and a later re-upload of the file is all duplicates', async () => {
    const { store, ingestion } = setup();
    expect(await upload(ingestion, FILE)).toEqual({
      status: 202,
      body: {
        source: 'urn:system:raindance',
        encoding: 'utf-8',
        rows: 2,
        accepted: 2,
        duplicates: 0,
        ignoredColumns: [],
      },
    });
    const again = await upload(ingestion, FILE, '2024-02-01T09:00:00Z');
    expect(again).toMatchObject({ status: 202, body: { accepted: 0, duplicates: 2 } });
    expect([...store.events.values()].map((e) => e.time)).toEqual([
      '2024-01-10T12:00:00.000Z',
      '2024-01-10T12:00:00.000Z',
    ]);
    expect(await store.outboxPending()).toBe(2);
  });

  it('applies nothing of a file with a bad row, and names row and column', async () => {
    const { store, ingestion } = setup();
    const reply = await upload(ingestion, `${FILE}V3;2023-13-01;4562;1\n`);
    expect(reply).toEqual({
      status: 422,
      body: {
        errors: [{ row: 4, column: 'Bokföringsdatum', field: 'data.bookedOn', message: expect.any(String) }],
      },
    });
    expect(store.events.size).toBe(0);
  });

  it('answers 409 naming the row of a changed posting, applying nothing', async () => {
    const { store, ingestion } = setup();
    await upload(ingestion, FILE);
    const reply = await upload(
      ingestion,
      'Verifikation;Bokföringsdatum;Konto;Belopp\nV9;2023-05-02;1;1\nV2;2023-05-03;4561;-5,49\n',
    );
    expect(reply).toMatchObject({ status: 409, body: { errors: [{ row: 3, column: 'Verifikation' }] } });
    expect(store.events.size).toBe(2);
  });

  it('refuses a source the token may not write, an empty file and an undecodable body', async () => {
    const { ingestion } = setup();
    expect((await upload(ingestion, FILE, undefined, 'urn:system:utbetalning')).status).toBe(403);
    expect(await upload(ingestion, '')).toMatchObject({ status: 422, body: { errors: [{ row: 1 }] } });
    const bytes = Buffer.from('Konto\nå', 'latin1');
    expect(
      (
        await importLedger(
          { bytes, charset: 'utf-8', source: 'urn:system:raindance', principal },
          ingestion,
          { now: () => new Date() },
        )
      ).status,
    ).toBe(400);
  });

  it('caps the errors it reports', async () => {
    const { ingestion } = setup();
    const rows = Array.from({ length: 1500 }, (_, i) => `V${i};2023-05-02;;1`).join('\n');
    const reply = await upload(ingestion, `Verifikation;Bokföringsdatum;Konto;Belopp\n${rows}\n`);
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({
      errors: expect.arrayContaining([{ message: 'and 500 more errors' }]),
    });
    expect((reply.body as { errors: unknown[] }).errors).toHaveLength(1001);
  });
});
