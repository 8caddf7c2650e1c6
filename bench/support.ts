import { spawnSync } from 'node:child_process';
import { EVENT_TYPES, pseudonymiseCaseOpened, topicForType, validateEvents, type CaseOpenedInbound, type PublishedEvent } from '@ramprognos/contracts';
import { CloudEventProducer, createKafka } from '@ramprognos/messaging';
import { LOCAL_SECRETS, loadExampleFixtures } from '@ramprognos/testing';

/**
 * The example data set multiplied `copies` times with fresh ids (events, payments, placements,
 * postings, cases), in published form: realistic shapes, any volume.
 */
export function multipliedExampleEvents(copies: number): PublishedEvent[] {
  const { events } = loadExampleFixtures();
  const validated = validateEvents(events, { form: 'inbound' });
  if (!validated.ok) throw new Error('example events do not validate');
  const published = validated.events.map((e) =>
    e.type === EVENT_TYPES.caseOpened ? pseudonymiseCaseOpened(e as CaseOpenedInbound, LOCAL_SECRETS.PSEUDONYM_KEY) : (e as PublishedEvent),
  );
  const out: PublishedEvent[] = [];
  const idFields = ['paymentId', 'placementId', 'postingId', 'caseId', 'householdId', 'repaymentId', 'reimbursementId', 'decisionId'];
  for (let copy = 0; copy < copies; copy++) {
    for (const event of published) {
      const data = { ...(event.data as Record<string, unknown>) };
      for (const field of idFields) if (typeof data[field] === 'string') data[field] = `${data[field]}-c${copy}`;
      out.push({ ...event, id: `${event.id}-c${copy}`, subject: `${event.subject}-c${copy}`, data } as PublishedEvent);
    }
  }
  return out;
}

export function topicsOf(events: readonly PublishedEvent[]): Map<string, PublishedEvent[]> {
  const byTopic = new Map<string, PublishedEvent[]>();
  for (const e of events) {
    const topic = topicForType(e.type);
    const list = byTopic.get(topic);
    if (list) list.push(e);
    else byTopic.set(topic, [e]);
  }
  return byTopic;
}

export async function publishAll(brokers: readonly string[], events: readonly PublishedEvent[]): Promise<void> {
  const producer = new CloudEventProducer(createKafka({ clientId: 'bench-loader', brokers, logLevel: 'nothing' }), { maxBatchSize: 2000 });
  await producer.connect();
  try {
    for (const [topic, list] of topicsOf(events)) await producer.publish(topic, list);
  } finally {
    await producer.disconnect();
  }
}

/** kcat reading topics from the beginning to their end: the reference for consuming throughput. */
export function kcatConsume(broker: string, topics: readonly string[]): { messages: number; seconds: number } {
  const started = process.hrtime.bigint();
  let messages = 0;
  for (const topic of topics) {
    const result = spawnSync('kcat', ['-b', broker, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%o\\n'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    if (result.status !== 0) throw new Error(`kcat failed: ${result.stderr}`);
    messages += result.stdout.split('\n').filter((l) => l.length > 0).length;
  }
  return { messages, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}
