import { loadExampleFixtures, type ReferenceEvent } from '@ramprognos/testing';
import { INGEST_TOKEN, json, startSystem, waitFor, type System } from './system';

// The whole system, as ops would run it, reproduces every figure of the conformance example
// (test-fixtures/examples/expected.json) through its public APIs only: the budget and its
// adjustments posted to reporting, the events posted to intake and payments over HTTP, Kafka
// carrying them to forecast, and the report read from reporting.

const fixtures = loadExampleFixtures();

function ingestTarget(event: ReferenceEvent): 'intake' | 'payments' {
  return /\.(case|placement)\./.test(event.type) ? 'intake' : 'payments';
}

describe('the system reproduces the conformance example (SPEC §5–6)', () => {
  let system: System;

  beforeAll(async () => {
    system = await startSystem(3300);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('answers /health with database and Kafka up on every service', async () => {
    for (const service of Object.values(system.services)) {
      const response = await fetch(`${service.url}/health`);
      const body = await json(response);
      expect({ service: service.name, status: response.status }).toEqual({ service: service.name, status: 200 });
      expect(JSON.stringify(body)).toMatch(/kafka/);
    }
  });

  it('takes the budget, the adjustments and every event through the public APIs', async () => {
    const controller = await system.token(['controller']);
    const reporting = system.services.reporting.url;
    const adopted = await fetch(`${reporting}/v1/budgets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${controller}`, 'content-type': 'application/json' },
      body: JSON.stringify(fixtures.budget),
    });
    expect(adopted.status).toBeLessThan(300);
    for (const adjustment of fixtures.adjustments) {
      const response = await fetch(`${reporting}/v1/budgets/2023/adjustments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${controller}`, 'content-type': 'application/json' },
        body: JSON.stringify(adjustment),
      });
      expect(response.status).toBeLessThan(300);
    }

    for (const target of ['intake', 'payments'] as const) {
      const events = fixtures.events.filter((e) => ingestTarget(e) === target);
      for (let i = 0; i < events.length; i += 1000) {
        const batch = events.slice(i, i + 1000);
        const bySource = new Map<string, ReferenceEvent[]>();
        for (const e of batch) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
        for (const [source, list] of bySource) {
          const token = source === 'urn:system:lifecare' ? INGEST_TOKEN.lifecare : INGEST_TOKEN.payments;
          const response = await fetch(`${system.services[target].url}/v1/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(list),
          });
          const body = await json<{ accepted: number }>(response);
          expect({ status: response.status, accepted: body.accepted }).toEqual({ status: 202, accepted: list.length });
        }
      }
    }

    for (const target of ['intake', 'payments'] as const) {
      await waitFor(`${target} outbox drained`, async () => {
        const status = await json<{ outboxPending: number }>(await fetch(`${system.services[target].url}/v1/status`));
        return status.outboxPending === 0 ? true : undefined;
      });
    }
    const status = await waitFor('forecast caught up', async () => {
      const s = await json<{ caughtUp: boolean; eventsApplied: number }>(await fetch(`${system.services.forecast.url}/v1/status`));
      return s.caughtUp && s.eventsApplied === fixtures.events.length ? s : undefined;
    });
    expect(status.eventsApplied).toBe(fixtures.events.length);
  });

  it.each(fixtures.expected.map((c) => [`${c.groupBy} asOf ${c.asOf} knownAt ${c.knownAt ?? 'now'}`, c] as const))(
    'reports %s exactly as expected.json',
    async (_, expected) => {
      const token = await system.token(['controller']);
      const query = new URLSearchParams({ year: String(expected.year), asOf: expected.asOf, groupBy: expected.groupBy });
      if (expected.knownAt) query.set('knownAt', expected.knownAt);
      const response = await fetch(`${system.services.reporting.url}/v1/reports/budget-deviation?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const report = await json<{
        rows: { code: string; annualBudget: number; budgetYtd: number; actualYtd: number; deviationYtd: number; volume: { actualYtd: number | null } | null }[];
        unclassified: { actualYtd: number };
      }>(response);
      expect(response.status).toBe(200);
      const got = report.rows
        .filter((r) => r.code !== 'OKLASSIFICERAT')
        .map(({ code, annualBudget, budgetYtd, actualYtd, deviationYtd }) => ({ code, annualBudget, budgetYtd, actualYtd, deviationYtd }))
        .sort((a, b) => a.code.localeCompare(b.code));
      expect(got).toEqual([...expected.rows].sort((a, b) => a.code.localeCompare(b.code)));
      expect(report.unclassified.actualYtd).toBe(expected.unclassified.actualYtd);
      const expectedVolumes = expected.volumeActualYtd;
      if (expected.groupBy === 'line' && expectedVolumes) {
        const volumes = Object.fromEntries(
          report.rows.flatMap((r) => (r.volume && r.code in expectedVolumes ? [[r.code, r.volume.actualYtd]] : [])),
        );
        expect(volumes).toEqual(expectedVolumes);
      }
    },
  );

  it('reports unhealthy while Kafka is down and recovers when it is back', async () => {
    system.kafka.stop();
    try {
      for (const service of Object.values(system.services)) {
        await waitFor(`${service.name} unhealthy`, async () => ((await fetch(`${service.url}/health`)).status === 503 ? true : undefined), 30_000);
      }
    } finally {
      system.kafka.start();
    }
    for (const service of Object.values(system.services)) {
      await waitFor(`${service.name} healthy again`, async () => ((await fetch(`${service.url}/health`)).status === 200 ? true : undefined), 60_000);
    }
  });
});
