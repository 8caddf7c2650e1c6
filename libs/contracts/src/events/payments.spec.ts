import { COMPONENT_CATEGORIES, EVENT_TYPES } from '..';
import { example, exampleWithout, problemsOf } from '../../test/examples';

const DISBURSED = EVENT_TYPES.paymentDisbursed;
const REVERSED = EVENT_TYPES.paymentReversed;
const REPAID = EVENT_TYPES.paymentRepaid;
const REIMBURSEMENT = EVENT_TYPES.reimbursementReceived;

const components = (...amounts: string[]) =>
  amounts.map((amount, i) => ({ category: COMPONENT_CATEGORIES[i % COMPONENT_CATEGORIES.length], amount }));

describe('payment.disbursed', () => {
  it('accepts the example, and without housingAboveNorm', () => {
    expect(problemsOf(example(DISBURSED))).toEqual([]);
    expect(problemsOf(exampleWithout(DISBURSED, 'housingAboveNorm'))).toEqual([]);
  });

  it('requires the components to sum to the amount, exactly in öre', () => {
    expect(
      problemsOf(
        example(DISBURSED, {
          amount: '100.00',
          components: components('33.33', '33.33', '33.34'),
          housingAboveNorm: undefined,
        }),
      ),
    ).toEqual([]);
    expect(
      problemsOf(
        example(DISBURSED, {
          amount: '100.00',
          components: components('33.33', '33.33', '33.33'),
          housingAboveNorm: undefined,
        }),
      ),
    ).toEqual([
      {
        field: 'data.components',
        message: 'must sum to amount: the components sum to 99.99, amount is 100.00',
      },
    ]);
    // 0.1 + 0.2 is 0.3 in öre, whatever floats say.
    expect(
      problemsOf(
        example(DISBURSED, {
          amount: '0.3',
          components: components('0.1', '0.2'),
          housingAboveNorm: undefined,
        }),
      ),
    ).toEqual([]);
  });

  it('names the component whose amount is malformed, and then does not also complain about the sum', () => {
    const problems = problemsOf(
      example(DISBURSED, { components: components('3168.88', '3384.930', '288.08') }),
    );
    expect(problems).toEqual([
      {
        field: 'data.components[1].amount',
        message:
          'has more than two decimals; must be a decimal string with at most two decimals, e.g. "1234.50"',
      },
    ]);
  });

  it.each([
    [{ amount: '6841.891' }, 'data.amount', /more than two decimals/],
    [{ amount: '6.84189e3' }, 'data.amount', /exponent/],
    [{ amount: 6841.89 }, 'data.amount', /must be a string, not number/],
    [{ amount: '0.00', components: components('0.00') }, 'data.amount', /greater than zero/],
    [{ components: [] }, 'data.components', /at least 1 item$/],
    [{ components: 'BOENDE' }, 'data.components', /must be an array, not string/],
    [{ components: [{ category: 'BOENDE' }] }, 'data.components[0].amount', /is required/],
    [
      { components: [{ category: 'HYRA', amount: '6841.89' }] },
      'data.components[0].category',
      /must be one of/,
    ],
    [
      { components: [{ category: 'BOENDE', amount: '6841.89', note: 'x' }] },
      'data.components[0].note',
      /not a known field/,
    ],
    [{ benefitMonth: '2021-13' }, 'data.benefitMonth', /YYYY-MM/],
    [{ benefitMonth: '2021-01-01' }, 'data.benefitMonth', /YYYY-MM/],
    [{ paidOn: '2021-1-1' }, 'data.paidOn', /YYYY-MM-DD/],
    [{ housingAboveNorm: '-1.00' }, 'data.housingAboveNorm', /must not be negative/],
  ])('rejects %j', (patch, field, message) => {
    const problems = problemsOf(example(DISBURSED, { housingAboveNorm: undefined, ...patch }));
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toMatch(message);
  });

  it('allows a component of zero', () => {
    expect(
      problemsOf(
        example(DISBURSED, {
          amount: '10.00',
          components: components('10.00', '0.00'),
          housingAboveNorm: undefined,
        }),
      ),
    ).toEqual([]);
  });

  it('keeps housingAboveNorm within the BOENDE components', () => {
    const data = {
      amount: '300.00',
      components: [
        { category: 'BOENDE', amount: '100.00' },
        { category: 'FORSORJNINGSSTOD', amount: '150.00' },
        { category: 'BOENDE', amount: '50.00' },
      ],
    };
    expect(problemsOf(example(DISBURSED, { ...data, housingAboveNorm: '150.00' }))).toEqual([]);
    expect(problemsOf(example(DISBURSED, { ...data, housingAboveNorm: '150.01' }))).toEqual([
      {
        field: 'data.housingAboveNorm',
        message: 'must not exceed the BOENDE components (150.00): it is the part of BOENDE above the norm',
      },
    ]);
  });

  it('checks that the subject is the household', () => {
    expect(problemsOf(example(DISBURSED, {}, { subject: 'P000000186' }))).toEqual([
      { field: 'subject', message: 'must equal data.householdId, the aggregate id (it is the Kafka key)' },
    ]);
  });

  it.each(['paymentId', 'caseId', 'householdId', 'paidOn', 'benefitMonth', 'amount', 'components'])(
    'requires %s',
    (field) => {
      expect(problemsOf(exampleWithout(DISBURSED, field))).toContainEqual({
        field: `data.${field}`,
        message: 'is required',
      });
    },
  );
});

describe('payment.reversed', () => {
  it('accepts any subject: the sender knows the household, the data does not say it', () => {
    expect(problemsOf(example(REVERSED))).toEqual([]);
    expect(problemsOf(example(REVERSED, {}, { subject: 'HH999999' }))).toEqual([]);
  });

  it('rejects a bad date and extra fields', () => {
    expect(problemsOf(example(REVERSED, { reversedOn: '08/01/2021' })).map((p) => p.field)).toEqual([
      'data.reversedOn',
    ]);
    expect(problemsOf(example(REVERSED, { amount: '10.00' })).map((p) => p.field)).toEqual(['data.amount']);
  });
});

describe('payment.repaid', () => {
  it('accepts both categories', () => {
    expect(problemsOf(example(REPAID, { category: 'ATERBETALNING' }))).toEqual([]);
    expect(problemsOf(example(REPAID, { category: 'ATERKRAV' }))).toEqual([]);
  });

  it.each([
    [{ amount: '0.00' }, 'data.amount', 'must be greater than zero'],
    [{ amount: '-5.00' }, 'data.amount', 'must be greater than zero'],
    [{ category: 'AVGIFT' }, 'data.category', 'must be one of ATERBETALNING, ATERKRAV'],
    [{ receivedOn: '2021-11-31' }, 'data.receivedOn', 'is not a real calendar date (YYYY-MM-DD)'],
  ])('rejects %j', (patch, field, message) => {
    expect(problemsOf(example(REPAID, patch))).toEqual([{ field, message }]);
  });

  it('checks that the subject is the household', () => {
    expect(problemsOf(example(REPAID, { householdId: 'HH1' })).map((p) => p.field)).toEqual(['subject']);
  });
});

describe('reimbursement.received', () => {
  it('accepts each payer and a free category', () => {
    for (const payer of ['MIGRATIONSVERKET', 'FORSAKRINGSKASSAN', 'ANNAN']) {
      expect(problemsOf(example(REIMBURSEMENT, { payer, category: 'whatever the payer calls it' }))).toEqual(
        [],
      );
    }
  });

  it.each([
    [{ payer: 'KOMMUNEN' }, 'data.payer'],
    [{ amount: '0' }, 'data.amount'],
    [{ category: '' }, 'data.category'],
    [{ category: 'a\u0000b' }, 'data.category'],
  ])('rejects %j', (patch, field) => {
    expect(problemsOf(example(REIMBURSEMENT, patch)).map((p) => p.field)).toEqual([field]);
  });

  it('checks that the subject is the reimbursement', () => {
    expect(
      problemsOf(example(REIMBURSEMENT, {}, { subject: 'MIGRATIONSVERKET' })).map((p) => p.field),
    ).toEqual(['subject']);
  });
});
