import { EVENT_TYPES, type InboundEvent } from '@ramprognos/contracts';

/** Event builders for this library's unit tests. */
export function ledgerPosted(n: number, overrides: Partial<Record<string, unknown>> = {}): InboundEvent {
  return {
    specversion: '1.0',
    id: `ev-${n}`,
    source: 'urn:system:raindance',
    type: EVENT_TYPES.ledgerPosted,
    time: '2023-05-01T00:00:00Z',
    subject: `post-${n}`,
    datacontenttype: 'application/json',
    data: { postingId: `post-${n}`, bookedOn: '2023-05-01', account: '4560', amount: '10.00' },
    ...overrides,
  } as InboundEvent;
}

export function caseClosed(n: number, source = 'urn:system:lifecare'): InboundEvent {
  return {
    specversion: '1.0',
    id: `case-ev-${n}`,
    source,
    type: EVENT_TYPES.caseClosed,
    time: '2023-05-01T00:00:00Z',
    subject: `case-${n}`,
    datacontenttype: 'application/json',
    data: { caseId: `case-${n}`, closedOn: '2023-05-01', reason: 'ARBETE' },
  };
}
