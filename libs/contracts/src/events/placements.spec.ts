import { EVENT_TYPES, PLACEMENT_TYPES } from '..';
import { example, exampleWithout, problemsOf } from '../../test/examples';

const STARTED = EVENT_TYPES.placementStarted;
const RATE_CHANGED = EVENT_TYPES.placementRateChanged;
const ENDED = EVENT_TYPES.placementEnded;

describe('placement.started', () => {
  it('accepts the example, every placement type and the minimal form', () => {
    expect(problemsOf(example(STARTED))).toEqual([]);
    for (const placementType of PLACEMENT_TYPES)
      expect(problemsOf(example(STARTED, { placementType }))).toEqual([]);
    expect(problemsOf(exampleWithout(STARTED, 'plannedEndDate', 'providerId'))).toEqual([]);
  });

  it('has exactly the twelve placement types of SPEC §4', () => {
    expect(PLACEMENT_TYPES).toHaveLength(12);
  });

  it('rejects a planned end before the start, and accepts a one-day placement', () => {
    expect(problemsOf(example(STARTED, { startDate: '2023-05-10', plannedEndDate: '2023-05-09' }))).toEqual([
      { field: 'data.plannedEndDate', message: 'must not be before startDate' },
    ]);
    expect(problemsOf(example(STARTED, { startDate: '2023-05-10', plannedEndDate: '2023-05-10' }))).toEqual(
      [],
    );
    expect(
      problemsOf(example(STARTED, { startDate: '2023-05-10', plannedEndDate: '2022-12-31' })),
    ).toHaveLength(1);
  });

  it('reports an end before the start together with the other errors of the event', () => {
    const problems = problemsOf(
      example(STARTED, {
        startDate: '2023-05-10',
        plannedEndDate: '2023-01-01',
        dailyRate: '1e3',
        regi: 'PRIVAT',
      }),
    );
    expect(problems.map((p) => p.field).sort()).toEqual([
      'data.dailyRate',
      'data.plannedEndDate',
      'data.regi',
    ]);
  });

  it('accepts a daily rate of zero but not a negative one', () => {
    expect(problemsOf(example(STARTED, { dailyRate: '0.00' }))).toEqual([]);
    expect(problemsOf(example(STARTED, { dailyRate: '-1.00' }))).toEqual([
      { field: 'data.dailyRate', message: 'must not be negative' },
    ]);
  });

  it.each([
    [{ placementType: 'SLOTT' }, 'data.placementType'],
    [{ regi: 'extern' }, 'data.regi'],
    [{ targetGroup: 'ALDRE' }, 'data.targetGroup'],
    [{ startDate: '2023-02-30' }, 'data.startDate'],
    [{ plannedEndDate: '2023-06-31' }, 'data.plannedEndDate'],
    [{ dailyRate: '4521.533' }, 'data.dailyRate'],
    [{ dailyRate: 4521.53 }, 'data.dailyRate'],
    [{ providerId: 'x'.repeat(257) }, 'data.providerId'],
  ])('rejects %j', (patch, field) => {
    expect(problemsOf(example(STARTED, patch)).map((p) => p.field)).toEqual([field]);
  });

  it.each(['placementId', 'caseId', 'placementType', 'regi', 'targetGroup', 'startDate', 'dailyRate'])(
    'requires %s',
    (field) => {
      expect(problemsOf(exampleWithout(STARTED, field))).toContainEqual({
        field: `data.${field}`,
        message: 'is required',
      });
    },
  );

  it('checks that the subject is the placement', () => {
    expect(problemsOf(example(STARTED, {}, { subject: 'BU0000034' }))).toEqual([
      { field: 'subject', message: 'must equal data.placementId, the aggregate id (it is the Kafka key)' },
    ]);
  });
});

describe('placement.rate-changed', () => {
  it('accepts the example', () => {
    expect(problemsOf(example(RATE_CHANGED))).toEqual([]);
  });

  it.each([
    [{ effectiveFrom: '2019-08-32' }, 'data.effectiveFrom'],
    [{ dailyRate: '2.0e3' }, 'data.dailyRate'],
    [{ dailyRate: '' }, 'data.dailyRate'],
  ])('rejects %j', (patch, field) => {
    expect(problemsOf(example(RATE_CHANGED, patch)).map((p) => p.field)).toEqual([field]);
  });

  it('checks the subject', () => {
    expect(problemsOf(example(RATE_CHANGED, { placementId: 'PL9' })).map((p) => p.field)).toEqual([
      'subject',
    ]);
  });
});

describe('placement.ended', () => {
  it('accepts the example and a leap day', () => {
    expect(problemsOf(example(ENDED))).toEqual([]);
    expect(problemsOf(example(ENDED, { endDate: '2024-02-29' }))).toEqual([]);
  });

  it('rejects a day that does not exist and a missing end', () => {
    expect(problemsOf(example(ENDED, { endDate: '2023-02-29' }))).toEqual([
      { field: 'data.endDate', message: 'is not a real calendar date (YYYY-MM-DD)' },
    ]);
    expect(problemsOf(exampleWithout(ENDED, 'endDate'))).toEqual([
      { field: 'data.endDate', message: 'is required' },
    ]);
  });
});
