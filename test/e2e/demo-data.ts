import { DEMO_SEED, demoAdjustments2023, demoBudget2023, generateMunicipality, type GeneratedEvent } from '@ramprognos/generator';
import { INGEST_TOKEN, json, waitFor, type System } from './system';

/** Which service takes an event (SPEC §3): cases and placements to intake, the rest to payments. */
export function ingestTarget(type: string): 'intake' | 'payments' {
  return /\.(case|placement)\./.test(type) ? 'intake' : 'payments';
}

const tokenFor = (source: string) => (source === 'urn:system:lifecare' ? INGEST_TOKEN.lifecare : INGEST_TOKEN.payments);

/** Posts events through the public ingestion APIs, in batches per service and source. */
export async function postEvents(system: System, events: readonly GeneratedEvent[] | readonly Record<string, unknown>[]): Promise<void> {
  for (const target of ['intake', 'payments'] as const) {
    const mine = (events as readonly { type: string; source: string }[]).filter((e) => ingestTarget(e.type) === target);
    for (let i = 0; i < mine.length; i += 1000) {
      const bySource = new Map<string, unknown[]>();
      for (const e of mine.slice(i, i + 1000)) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
      for (const [source, list] of bySource) {
        const response = await fetch(`${system.services[target].url}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokenFor(source)}`, 'content-type': 'application/json' },
          body: JSON.stringify(list),
        });
        const body = await json<{ accepted: number }>(response);
        if (response.status !== 202 || body.accepted !== list.length) {
          throw new Error(`${target} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
        }
      }
    }
  }
}

/** Until every posted event has left the outboxes and been applied by forecast. */
export async function waitUntilApplied(system: System, total: number): Promise<void> {
  for (const target of ['intake', 'payments'] as const) {
    await waitFor(`${target} outbox drained`, async () => {
      const status = await json<{ outboxPending: number }>(await fetch(`${system.services[target].url}/v1/status`));
      return status.outboxPending === 0 ? true : undefined;
    });
  }
  await waitFor(
    `forecast applied ${total} events`,
    async () => {
      const s = await json<{ caughtUp: boolean; eventsApplied: number }>(await fetch(`${system.services.forecast.url}/v1/status`));
      return s.caughtUp && s.eventsApplied >= total ? true : undefined;
    },
    240_000,
  );
}

/**
 * Demo-like data at the small scale: the 2023 budget and its adjustments posted to reporting, and
 * a seeded municipality's 2021–2023 events to intake and payments. Returns the number of events.
 */
export async function loadDemoData(system: System): Promise<number> {
  const controller = await system.token(['controller'], 'demo.controller');
  const reporting = system.services.reporting.url;
  const post = (path: string, body: unknown) =>
    fetch(`${reporting}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${controller}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const adopted = await post('/v1/budgets', demoBudget2023('small'));
  if (adopted.status !== 201) throw new Error(`budget: ${adopted.status} ${await adopted.text()}`);
  for (const adjustment of demoAdjustments2023('small')) {
    const response = await post('/v1/budgets/2023/adjustments', adjustment);
    if (response.status >= 300) throw new Error(`adjustment: ${response.status} ${await response.text()}`);
  }
  const { events } = generateMunicipality({ seed: DEMO_SEED, scale: 'small' });
  await postEvents(system, events);
  await waitUntilApplied(system, events.length);
  return events.length;
}
