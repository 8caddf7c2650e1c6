import {
  EVENT_TYPES,
  pseudonymise,
  pseudonymiseCaseOpened,
  validateEvents,
  type CaseOpenedInbound,
} from '..';
import { errorsOf, example, exampleWithout, problemsOf, withCheckDigit } from '../../test/examples';

const OPENED = EVENT_TYPES.caseOpened;
const DECIDED = EVENT_TYPES.caseDecided;
const CLOSED = EVENT_TYPES.caseClosed;

describe('case.opened (inbound)', () => {
  it('accepts the full example and the minimal one', () => {
    expect(problemsOf(example(OPENED))).toEqual([]);
    expect(problemsOf(exampleWithout(OPENED, 'unit', 'adults', 'children', 'personnummer'))).toEqual([]);
  });

  it.each(['19760125-4571', '197601254571', '760125-4571', '7601254571', '760125+4571'])(
    'accepts personnummer written as %s',
    (personnummer) => {
      expect(problemsOf(example(OPENED, { personnummer }))).toEqual([]);
    },
  );

  it('rejects a personnummer with a bad check digit, without repeating it', () => {
    const personnummer = '19850101-1235';
    const errors = errorsOf(example(OPENED, { personnummer }));
    expect(errors).toEqual([
      { index: 0, id: 'case-EKB000004', field: 'data.personnummer', message: 'fails the check digit' },
    ]);
    const text = JSON.stringify(errors);
    for (const part of [personnummer, '198501011235', '8501011235', '850101', '1235'])
      expect(text).not.toContain(part);
  });

  it('rejects a personnummer with an impossible date or form', () => {
    const feb30 = `19850230-${withCheckDigit('850230123').slice(6)}`;
    expect(problemsOf(example(OPENED, { personnummer: feb30 }))).toEqual([
      { field: 'data.personnummer', message: 'has an impossible birth date' },
    ]);
    const [problem] = problemsOf(example(OPENED, { personnummer: '1985-01-01' }));
    expect(problem.field).toBe('data.personnummer');
    expect(problem.message).toMatch(/^must be a personnummer of 12 digits/);
    expect(problemsOf(example(OPENED, { personnummer: 197601254571 }))).toEqual([
      { field: 'data.personnummer', message: 'must be a string, not number' },
    ]);
  });

  it('places a 10-digit personnummer in the century of openedOn', () => {
    const leapDay = withCheckDigit('000229123');
    const over100 = `${leapDay.slice(0, 6)}+${leapDay.slice(6)}`; // 1900-02-29 does not exist
    expect(problemsOf(example(OPENED, { personnummer: over100 }))).toEqual([
      { field: 'data.personnummer', message: 'has an impossible birth date' },
    ]);
    expect(problemsOf(example(OPENED, { personnummer: leapDay }))).toEqual([]);
  });

  it('refuses personRef inbound: only intake computes it', () => {
    expect(problemsOf(example(OPENED, { personRef: 'a'.repeat(64) }))).toEqual([
      { field: 'data.personRef', message: 'is not a known field' },
    ]);
  });

  it.each([
    [
      { caseType: 'BISTAND' },
      'data.caseType',
      /^must be one of EKONOMISKT_BISTAND, BARN_UNGA, VUXEN, HEMLOSHET, VALD_I_NARA_RELATION, ANNAT$/,
    ],
    [{ adults: -1 }, 'data.adults', /^must be at least 0$/],
    [{ children: 1.5 }, 'data.children', /^must be a whole number$/],
    [{ children: '2' }, 'data.children', /^must be a number, not string$/],
    [{ adults: 101 }, 'data.adults', /^must be at most 100$/],
    [{ openedOn: '2020-13-12' }, 'data.openedOn', /real calendar date/],
    [{ openedOn: '12/12/2020' }, 'data.openedOn', /YYYY-MM-DD/],
    [{ unit: '' }, 'data.unit', /^must not be empty$/],
    [{ householdId: null }, 'data.householdId', /^must be a string, not null$/],
  ])('rejects %j', (patch, field, message) => {
    const problems = problemsOf(example(OPENED, patch));
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toMatch(message);
  });

  it.each(['caseId', 'householdId', 'caseType', 'openedOn'])('requires %s', (field) => {
    expect(problemsOf(exampleWithout(OPENED, field))).toContainEqual({
      field: `data.${field}`,
      message: 'is required',
    });
  });
});

describe('case.opened (published)', () => {
  const published = { form: 'published' } as const;

  it('carries personRef instead of personnummer', () => {
    expect(
      problemsOf(example(OPENED, { personnummer: undefined, personRef: 'ab'.repeat(32) }), published),
    ).toEqual([]);
    expect(problemsOf(exampleWithout(OPENED, 'personnummer'), published)).toEqual([]);
  });

  it('refuses a personnummer, naming the field and not the value', () => {
    const errors = errorsOf(example(OPENED), published);
    expect(errors.map((e) => [e.field, e.message])).toEqual([
      ['data.personnummer', 'must never be published; intake replaces it by personRef'],
    ]);
    expect(JSON.stringify(errors)).not.toContain('4571');
  });

  it('refuses a personRef that is not an HMAC-SHA256 hex digest', () => {
    for (const personRef of ['AB'.repeat(32), 'ab'.repeat(31), 'zz'.repeat(32), 42]) {
      const [problem] = problemsOf(example(OPENED, { personnummer: undefined, personRef }), published);
      expect(problem.field).toBe('data.personRef');
    }
  });

  it('is what pseudonymiseCaseOpened makes of the inbound form', () => {
    const inbound = validateEvents(example(OPENED, { personnummer: '760125-4571' }));
    expect(inbound.ok).toBe(true);
    if (!inbound.ok) return;
    const published = pseudonymiseCaseOpened(inbound.events[0] as CaseOpenedInbound, 'key');
    expect(published.data).not.toHaveProperty('personnummer');
    expect(published.data.personRef).toBe(pseudonymise('19760125-4571', 'key', 2020));
    expect(JSON.stringify(published)).not.toContain('4571');
    expect(validateEvents(JSON.parse(JSON.stringify(published)), { form: 'published' }).ok).toBe(true);
  });

  it('pseudonymiseCaseOpened leaves an event without personnummer without personRef', () => {
    const inbound = validateEvents(exampleWithout(OPENED, 'personnummer'));
    if (!inbound.ok) throw new Error('example must be valid');
    const published = pseudonymiseCaseOpened(inbound.events[0] as CaseOpenedInbound, 'key');
    expect(published.data).not.toHaveProperty('personRef');
    expect(published.data).not.toHaveProperty('personnummer');
  });
});

describe('case.decided', () => {
  it('accepts an ATERKRAV with its claim and other decisions with or without an amount', () => {
    expect(problemsOf(example(DECIDED))).toEqual([]);
    expect(problemsOf(example(DECIDED, { decisionType: 'POLISANMALAN', amount: undefined }))).toEqual([]);
    expect(problemsOf(example(DECIDED, { decisionType: 'AVSLAG', amount: undefined }))).toEqual([]);
    expect(problemsOf(example(DECIDED, { decisionType: 'BEVILJAT', amount: '0.00' }))).toEqual([]);
  });

  it('requires the claim of an ATERKRAV, greater than zero', () => {
    expect(problemsOf(exampleWithout(DECIDED, 'amount'))).toEqual([
      { field: 'data.amount', message: 'is required when decisionType is ATERKRAV (the claim)' },
    ]);
    expect(problemsOf(example(DECIDED, { amount: '0.00' }))).toEqual([
      { field: 'data.amount', message: 'must be greater than zero for ATERKRAV' },
    ]);
    expect(problemsOf(example(DECIDED, { amount: '-10.00' }))).toEqual([
      { field: 'data.amount', message: 'must not be negative' },
    ]);
  });

  it.each([
    [{ decisionType: 'BIFALL' }, 'data.decisionType'],
    [{ amount: '1.005' }, 'data.amount'],
    [{ amount: 100 }, 'data.amount'],
    [{ decidedOn: '2021-02-29' }, 'data.decidedOn'],
    [{ decisionId: '' }, 'data.decisionId'],
  ])('rejects %j', (patch, field) => {
    expect(problemsOf(example(DECIDED, patch)).map((p) => p.field)).toEqual([field]);
  });
});

describe('case.closed', () => {
  it('accepts each reason', () => {
    for (const reason of ['ARBETE', 'STUDIER', 'ANNAN_ERSATTNING', 'FLYTT', 'OVRIGT']) {
      expect(problemsOf(example(CLOSED, { reason }))).toEqual([]);
    }
  });

  it('rejects an unknown reason, a bad date and a missing field', () => {
    expect(problemsOf(example(CLOSED, { reason: 'arbete' }))[0].field).toBe('data.reason');
    expect(problemsOf(example(CLOSED, { closedOn: '2021-01-32' }))[0].field).toBe('data.closedOn');
    expect(problemsOf(exampleWithout(CLOSED, 'closedOn'))).toEqual([
      { field: 'data.closedOn', message: 'is required' },
    ]);
  });

  it('checks that the subject is the case', () => {
    expect(problemsOf(example(CLOSED, {}, { subject: 'EKB999999' }))).toEqual([
      { field: 'subject', message: 'must equal data.caseId, the aggregate id (it is the Kafka key)' },
    ]);
  });
});
