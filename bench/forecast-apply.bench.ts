import { signLocalToken } from '@ramprognos/service-kit';
import { LOCAL_SECRETS, startPrivateKafka, startService, uniqueSchema, waitUntilHealthy } from '@ramprognos/testing';
import { createKafka, ensureTopics } from '@ramprognos/messaging';
import { CONSUMED_TOPICS, CONSUMED_TOPIC_SPECS } from '../services/forecast/src/projections/consumed-topics';
import type { Bench } from './bench';
import { kcatConsume, multipliedExampleEvents, poll, publishAll } from './support';

const COPIES = Number(process.env.BENCH_FORECAST_COPIES ?? 12); // 12 × 8,640 ≈ 104k events

/**
 * Forecast apply throughput: a full topic set to caught-up (events/s), then a rebuild from offset 0
 * into a new generation, against kcat -C reading the same topics to the end on the same broker.
 */
export const forecastApplyBench: Bench = {
  name: 'forecast-apply',
  async run() {
    const kafka = await startPrivateKafka({ heap: '1g' });
    const service = { stop: async () => undefined } as { stop(): Promise<void> };
    try {
      await ensureTopics(createKafka({ clientId: 'bench', brokers: kafka.brokers, logLevel: 'nothing' }), CONSUMED_TOPIC_SPECS);
      const events = multipliedExampleEvents(COPIES);
      await publishAll(kafka.brokers, events);
      const kcat = kcatConsume(kafka.brokers[0], CONSUMED_TOPICS);
      if (kcat.messages !== events.length) throw new Error(`kcat read ${kcat.messages} of ${events.length}`);

      const token = await signLocalToken(LOCAL_SECRETS.AUTH_JWT_SECRET, { subject: 'bench', roles: ['admin'] });
      const started = process.hrtime.bigint();
      const forecast = startService('forecast', {
        port: 3203,
        env: { KAFKA_BROKERS: kafka.brokers.join(','), DB_SCHEMA: uniqueSchema('bench_forecast'), AUTH_JWT_SECRET: LOCAL_SECRETS.AUTH_JWT_SECRET, LOG_LEVEL: 'warn' },
      });
      service.stop = () => forecast.stop();
      await waitUntilHealthy(forecast);
      const status = () => fetch(`${forecast.url}/v1/status`).then((r) => r.json() as Promise<{ caughtUp: boolean; eventsApplied: number; generation: number }>);
      await poll('caught up', async () => ((await status()).eventsApplied === events.length ? true : undefined), 600_000);
      const applySeconds = Number(process.hrtime.bigint() - started) / 1e9;

      const rebuildStarted = process.hrtime.bigint();
      const auth = { authorization: `Bearer ${token}` };
      const response = await fetch(`${forecast.url}/v1/admin/rebuild`, { method: 'POST', headers: auth });
      if (response.status !== 202) throw new Error(`rebuild: ${response.status}`);
      await poll('rebuild switched', async () => {
        const progress = (await fetch(`${forecast.url}/v1/admin/rebuild`, { headers: auth }).then((r) => r.json())) as { state: string };
        return progress.state === 'switched' ? true : undefined;
      }, 600_000);
      const rebuildSeconds = Number(process.hrtime.bigint() - rebuildStarted) / 1e9;

      const applyRate = events.length / applySeconds;
      const kcatRate = kcat.messages / kcat.seconds;
      return {
        name: 'forecast-apply',
        measured: {
          events: events.length,
          applySeconds,
          applyEventsPerSecond: applyRate,
          rebuildSeconds,
          rebuildEventsPerSecond: events.length / rebuildSeconds,
        },
        reference: { tool: 'kcat -C (4 topics, from beginning to end)', messages: kcat.messages, seconds: kcat.seconds, messagesPerSecond: kcatRate },
        ratio: applyRate / kcatRate,
        notes: [
          'apply time includes service start (boot, migrations, group join) until /v1/status shows every event applied',
          'each partition batch is one PostgreSQL transaction: dedup gate, multi-row upserts per table, position',
        ],
      };
    } finally {
      await service.stop();
      kafka.destroy();
    }
  },
};
