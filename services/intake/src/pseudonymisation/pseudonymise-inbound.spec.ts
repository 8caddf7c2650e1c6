import { EVENT_TYPES, PERSON_REF_PATTERN, validateEvents, type InboundEvent } from '@ramprognos/contracts';
import { pseudonymiseInbound } from './pseudonymise-inbound';

const KEY = 'unit-test-pseudonym-key-0123456789abcdef';

function opened(personnummer?: string): InboundEvent {
  return {
    specversion: '1.0',
    id: 'e1',
    source: 'urn:system:lifecare',
    type: EVENT_TYPES.caseOpened,
    time: '2023-03-01T08:00:00Z',
    subject: 'c1',
    datacontenttype: 'application/json',
    data: {
      caseId: 'c1',
      householdId: 'h1',
      caseType: 'BARN_UNGA',
      openedOn: '2023-03-01',
      ...(personnummer ? { personnummer } : {}),
    },
  };
}

describe('pseudonymiseInbound', () => {
  const step = pseudonymiseInbound(KEY);

  it('replaces the personnummer by a keyed personRef, and the result is a valid published event', () => {
    const published = step(opened('19121212-1212'));
    expect(JSON.stringify(published)).not.toMatch(/1212/);
    expect((published.data as { personRef: string }).personRef).toMatch(PERSON_REF_PATTERN);
    expect(validateEvents(published, { form: 'published' }).ok).toBe(true);
  });

  it('gives one person one ref, whichever way the number is written, and another key another ref', () => {
    // openedOn is 2023: a 10-digit number with '-' is someone under 100 (born 2012), '+' 100 or older.
    const refs = ['19121212-1212', '191212121212', '121212+1212'].map(
      (p) => (step(opened(p)).data as { personRef: string }).personRef,
    );
    expect(new Set(refs).size).toBe(1);
    const young = ['20121212-1212', '121212-1212', '1212121212'].map(
      (p) => (step(opened(p)).data as { personRef: string }).personRef,
    );
    expect(new Set(young).size).toBe(1);
    expect(young[0]).not.toBe(refs[0]);
    const other = (pseudonymiseInbound(`${KEY}-other`)(opened('19121212-1212')).data as { personRef: string })
      .personRef;
    expect(other).not.toBe(refs[0]);
  });

  it('leaves events without a personnummer, and other types, as they are', () => {
    expect(step(opened())).toEqual(opened());
    const closed = {
      ...opened(),
      type: EVENT_TYPES.caseClosed,
      data: { caseId: 'c1', closedOn: '2023-04-01', reason: 'FLYTT' },
    } as InboundEvent;
    expect(step(closed)).toBe(closed);
  });
});
