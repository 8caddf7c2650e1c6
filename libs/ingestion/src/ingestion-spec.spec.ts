import fc from 'fast-check';
import { ALL_EVENT_TYPES, TOPICS } from '@ramprognos/contracts';
import { inboundResponsibility, ingestionSpec } from './ingestion-spec';

describe('ingestionSpec', () => {
  it('gives each service its own types and topics (SPEC §3)', () => {
    const intake = ingestionSpec('intake');
    const payments = ingestionSpec('payments');
    expect(intake.publishedTopics).toEqual([TOPICS.cases, TOPICS.placements]);
    expect(payments.publishedTopics).toEqual([TOPICS.payments, TOPICS.ledger]);
    expect(intake.ownedTypes.filter((t) => payments.ownedTypes.includes(t))).toEqual([]);
    expect([...intake.ownedTypes, ...payments.ownedTypes].sort()).toEqual(
      ALL_EVENT_TYPES.filter((t) => !t.includes('forecast')).sort(),
    );
  });
});

describe('inboundResponsibility', () => {
  it('gives payments its own types and intake everything else, so exactly one service answers', () => {
    for (const type of ingestionSpec('payments').ownedTypes)
      expect(inboundResponsibility(type)).toBe('payments');
    for (const type of ingestionSpec('intake').ownedTypes) expect(inboundResponsibility(type)).toBe('intake');
    expect(inboundResponsibility('se.socialtjanst.forecast.published.v1')).toBe('intake');
    fc.assert(
      fc.property(fc.anything(), (type) => ['intake', 'payments'].includes(inboundResponsibility(type))),
    );
  });
});
