import {
  ALL_EVENT_TYPES,
  ALL_TOPICS,
  EVENT_TYPES,
  TOPICS,
  TOPIC_PARTITIONS,
  aggregateKey,
  dlqTopic,
  ownerOfType,
  topicForType,
  type EventType,
} from '.';
import { example } from '../test/examples';

describe('topics', () => {
  it('names the topics of SPEC §3', () => {
    expect(TOPICS).toEqual({
      cases: 'socialtjanst.cases.v1',
      placements: 'socialtjanst.placements.v1',
      payments: 'socialtjanst.payments.v1',
      ledger: 'socialtjanst.ledger.v1',
      forecasts: 'socialtjanst.forecasts.v1',
      inbound: 'socialtjanst.inbound.v1',
    });
  });

  it('gives every topic 6 partitions', () => {
    expect(ALL_TOPICS.map((topic) => TOPIC_PARTITIONS[topic])).toEqual([6, 6, 6, 6, 6, 6]);
  });

  it('puts the dead letters of a topic next to it', () => {
    expect(dlqTopic(TOPICS.payments)).toBe('socialtjanst.payments.v1.dlq');
  });

  it.each<[EventType, string, string]>([
    [EVENT_TYPES.caseOpened, TOPICS.cases, 'intake'],
    [EVENT_TYPES.caseDecided, TOPICS.cases, 'intake'],
    [EVENT_TYPES.caseClosed, TOPICS.cases, 'intake'],
    [EVENT_TYPES.placementStarted, TOPICS.placements, 'intake'],
    [EVENT_TYPES.placementRateChanged, TOPICS.placements, 'intake'],
    [EVENT_TYPES.placementEnded, TOPICS.placements, 'intake'],
    [EVENT_TYPES.paymentDisbursed, TOPICS.payments, 'payments'],
    [EVENT_TYPES.paymentReversed, TOPICS.payments, 'payments'],
    [EVENT_TYPES.paymentRepaid, TOPICS.payments, 'payments'],
    [EVENT_TYPES.reimbursementReceived, TOPICS.payments, 'payments'],
    [EVENT_TYPES.ledgerPosted, TOPICS.ledger, 'payments'],
    [EVENT_TYPES.forecastPublished, TOPICS.forecasts, 'forecast'],
  ])('%s goes on %s, owned by %s', (type, topic, owner) => {
    expect(topicForType(type)).toBe(topic);
    expect(ownerOfType(type)).toBe(owner);
  });

  it('covers every type', () => {
    expect(ALL_EVENT_TYPES).toHaveLength(12);
    for (const type of ALL_EVENT_TYPES) expect(ALL_TOPICS).toContain(topicForType(type));
  });

  it('refuses an unknown type', () => {
    expect(() => topicForType('se.socialtjanst.case.reopened.v1' as EventType)).toThrow('unknown event type');
    expect(() => ownerOfType('x' as EventType)).toThrow('unknown event type');
  });

  it('keys an event by its subject: the household for payments, the posting for ledger', () => {
    const disbursed = example(EVENT_TYPES.paymentDisbursed) as { subject: string };
    expect(aggregateKey(disbursed)).toBe('HH000009');
    expect(aggregateKey(example(EVENT_TYPES.ledgerPosted) as { subject: string })).toBe('L00000018');
  });
});
