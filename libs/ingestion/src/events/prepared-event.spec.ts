import { EVENT_TYPES, TOPICS, type InboundEvent } from '@ramprognos/contracts';
import { ingestionSpec } from '../ingestion-spec';
import { ledgerPosted } from '../../test/events';
import { prepareEvents } from './prepared-event';

describe('prepareEvents', () => {
  const payments = ingestionSpec('payments');

  it('gives the topic of the type, the subject as key, and the published form as payload', () => {
    const [prepared] = prepareEvents([ledgerPosted(1)], payments);
    expect(prepared).toMatchObject({
      source: 'urn:system:raindance',
      id: 'ev-1',
      topic: TOPICS.ledger,
      key: 'post-1',
      time: '2023-05-01T00:00:00Z',
    });
    expect(JSON.parse(prepared.payload)).toEqual(ledgerPosted(1));
    expect(prepared.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('masks a personnummer typed into free text, before hashing', () => {
    const event = ledgerPosted(2, {
      data: {
        postingId: 'post-2',
        bookedOn: '2023-05-01',
        account: '1',
        amount: '1.00',
        text: 'Återkrav 19121212-1212, 121212-1212',
      },
    });
    const [prepared] = prepareEvents([event], payments);
    expect(JSON.parse(prepared.payload).data.text).toBe('Återkrav [personnummer], [personnummer]');
    expect(prepared.payload).not.toContain('1212');
  });

  it('refuses to let a personnummer through when the published-form step left one', () => {
    const leaky = ingestionSpec('intake', (e) => e as never);
    const opened = {
      ...ledgerPosted(3),
      type: EVENT_TYPES.caseOpened,
      data: {
        caseId: 'c',
        householdId: 'h',
        caseType: 'ANNAT',
        openedOn: '2023-01-01',
        personnummer: '19121212-1212',
      },
    } as unknown as InboundEvent;
    expect(() => prepareEvents([opened], leaky)).toThrow(/still carries a personnummer/);
    expect(() => prepareEvents([opened], leaky)).not.toThrow(/1212/);
    // And without an intake step, case.opened is never passed through as it came.
    expect(() => prepareEvents([opened], payments)).toThrow(/must be pseudonymised/);
  });
});
