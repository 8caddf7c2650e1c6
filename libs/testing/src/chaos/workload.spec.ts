import { rng } from './rng';
import { ledgerCsv, planWorkload, type SourceEvent } from './workload';

function event(i: number, type: string, source: string, data: Record<string, unknown> = {}): SourceEvent {
  return {
    specversion: '1.0',
    id: `e${i}`,
    source,
    type,
    time: `2023-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
    subject: `s${i}`,
    data,
  };
}

describe('the chaos workload', () => {
  const events = Array.from({ length: 600 }, (_, i) =>
    i % 3 === 0
      ? event(i, 'se.socialtjanst.case.opened.v1', 'urn:system:lifecare')
      : i % 3 === 1
        ? event(i, 'se.socialtjanst.payment.disbursed.v1', 'urn:system:utbetalning')
        : event(i, 'se.socialtjanst.ledger.posted.v1', 'urn:system:raindance', {
            postingId: `P${i}`,
            bookedOn: '2023-01-02',
            account: '4560',
            amount: '-1234.50',
            text: 'Hyra; "kv 1"',
          }),
  );

  it('sends every event exactly once, over every way in, with the token of its source', () => {
    const { deliveries, reference } = planWorkload(events, rng('t'));
    expect(deliveries.flatMap((d) => d.events).length).toBe(events.length);
    expect(reference.length).toBe(events.length);
    expect(new Set(deliveries.map((d) => d.channel))).toEqual(new Set(['http', 'csv', 'inbound']));
    for (const d of deliveries) {
      if (d.channel === 'http') expect(new Set(d.events.map((e) => e.source)).size).toBe(1);
      if (d.channel === 'csv')
        expect(d.events.every((e) => e.id === (e.data as { postingId: string }).postingId)).toBe(true);
    }
  });

  it('is the same split for the same seed', () => {
    const a = planWorkload(events, rng('same')).deliveries.map((d) => `${d.channel}:${d.events.length}`);
    const b = planWorkload(events, rng('same')).deliveries.map((d) => `${d.channel}:${d.events.length}`);
    expect(a).toEqual(b);
  });

  it('writes the ekonomisystem’s CSV: semicolons, decimal comma, quoted text, the knowledge time', () => {
    const csv = ledgerCsv([events[2]]);
    expect(csv).toBe(
      'Verifikation;Bokföringsdatum;Konto;Ansvar;Verksamhet;Belopp;Text;Registrerad\r\nP2;2023-01-02;4560;;;-1234,50;"Hyra; ""kv 1""";2023-01-01T00:00:02Z\r\n',
    );
  });
});
