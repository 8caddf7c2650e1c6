import { classificationKeyId, classificationKeys as keys } from '@ramprognos/contracts';
import { aLine } from '../budgets/budget.builders';
import { classify, householdGroups, lineOf, unclassifiedSummary, valueMatches } from './classify';

const ama = aLine({
  code: 'AMA_ANSTALLNINGAR',
  match: [{ stream: 'ledger', account: ['5113', '3091'], responsibility: ['AMA*'] }],
});
const statsbidrag = aLine({ code: 'STATSBIDRAG', match: [{ stream: 'ledger', account: ['30*'] }] });
const ekb = aLine({
  code: 'EKB_UTBETALT',
  volume: { unit: 'HUSHALLSMANADER', annual: 1736 },
  match: [{ stream: 'payments', category: ['FORSORJNINGSSTOD', 'BOENDE'] }],
});
const ekbOther = aLine({
  code: 'EKB_OVRIGT',
  volume: { unit: 'HUSHALLSMANADER', annual: 10 },
  match: [{ stream: 'payments', category: 'TANDVARD' }],
});
const familjehem = aLine({
  code: 'IFO_FAMILJEHEM',
  match: [{ stream: 'placements', placementType: ['FAMILJEHEM', 'JOURHEM'], targetGroup: 'BARN_UNGA' }],
});
const reserv = aLine({ code: 'STAB_RESERV', match: [] });

describe('classification (SPEC §5 match rules)', () => {
  it('Given two lines that match, Then the first in document order gets the key (3091/AMA9 → AMA_ANSTALLNINGAR)', () => {
    const key = keys.ledger('3091', 'AMA9');
    expect(lineOf([ama, statsbidrag], key)).toBe('AMA_ANSTALLNINGAR');
    expect(lineOf([statsbidrag, ama], key)).toBe('STATSBIDRAG');
  });

  it('a rule matches only when the key has every field it names', () => {
    expect(lineOf([ama], keys.ledger('3091'))).toBe('OKLASSIFICERAT');
    expect(lineOf([ama, statsbidrag], keys.ledger('3091'))).toBe('STATSBIDRAG');
  });

  it('a rule on category does not catch a repayment, which has repaymentCategory', () => {
    expect(lineOf([ekb], keys.repayment('ATERKRAV'))).toBe('OKLASSIFICERAT');
    expect(lineOf([ekb], keys.paymentComponent('BOENDE'))).toBe('EKB_UTBETALT');
  });

  it('the stream must be the key’s', () => {
    const anyPlacement = aLine({ code: 'ANY', match: [{ stream: 'placements' }] });
    expect(lineOf([anyPlacement], keys.placement('HVB', 'EGEN', 'VUXEN'))).toBe('ANY');
    expect(lineOf([anyPlacement], keys.paymentComponent('BOENDE'))).toBe('OKLASSIFICERAT');
  });

  it('matches every named field, each against its list', () => {
    expect(lineOf([familjehem], keys.placement('JOURHEM', 'EXTERN', 'BARN_UNGA'))).toBe('IFO_FAMILJEHEM');
    expect(lineOf([familjehem], keys.placement('JOURHEM', 'EXTERN', 'VUXEN'))).toBe('OKLASSIFICERAT');
  });

  it('`*` at the end is a prefix: 76* matches 76 and 7611, not 6761; `*` alone matches any value; case-sensitive', () => {
    expect(['76', '7611', '6761', ''].map((v) => valueMatches(v, '76*'))).toEqual([true, true, false, false]);
    expect(valueMatches('anything', '*')).toBe(true);
    expect(valueMatches('ama1', 'AMA*')).toBe(false);
    expect(valueMatches('5113', '5113')).toBe(true);
  });

  it('a line without rules collects nothing', () => {
    expect(lineOf([reserv], keys.ledger('7999'))).toBe('OKLASSIFICERAT');
  });

  it('classify maps each key id to its line or OKLASSIFICERAT', () => {
    const lines = [ama, statsbidrag, ekb, familjehem, reserv];
    const result = classify(lines, [
      keys.ledger('3091', 'AMA9'),
      keys.ledger('3010'),
      keys.ledger('7999', 'STAB1', '701'),
      keys.repayment('ATERKRAV'),
    ]);
    expect(Object.fromEntries(result)).toEqual({
      'ledger|account=3091|responsibility=AMA9': 'AMA_ANSTALLNINGAR',
      'ledger|account=3010': 'STATSBIDRAG',
      'ledger|account=7999|activity=701|responsibility=STAB1': 'OKLASSIFICERAT',
      'payments|repaymentCategory=ATERKRAV': 'OKLASSIFICERAT',
    });
  });

  it('sums what went to OKLASSIFICERAT per key, sorted by stream then field by field', () => {
    const ids = [
      keys.repayment('ATERKRAV'),
      keys.ledger('7999', 'STAB1', '701'),
      keys.ledger('7999'),
      keys.ledger('3010'),
    ].map(classificationKeyId);
    const classification = classify(
      [statsbidrag],
      [
        keys.repayment('ATERKRAV'),
        keys.ledger('7999', 'STAB1', '701'),
        keys.ledger('7999'),
        keys.ledger('3010'),
      ],
    );
    const summary = unclassifiedSummary(
      classification,
      new Map([
        [ids[0], -500n],
        [ids[1], 1200n],
        [ids[2], 300n],
        [ids[3], -99n],
      ]),
    );
    expect(summary.actualYtd).toBe(1000n);
    expect(summary.items).toEqual([
      { key: 'ledger|account=7999', stream: 'ledger', fields: { account: '7999' }, actualYtd: 300n },
      {
        key: ids[1],
        stream: 'ledger',
        fields: { account: '7999', responsibility: 'STAB1', activity: '701' },
        actualYtd: 1200n,
      },
      { key: ids[0], stream: 'payments', fields: { repaymentCategory: 'ATERKRAV' }, actualYtd: -500n },
    ]);
    expect(Object.keys(summary.items[1].fields)).toEqual(['account', 'responsibility', 'activity']);
  });

  it('household groups: for each HUSHALLSMANADER line the component keys classified to it, whether or not they have cost', () => {
    expect(
      householdGroups([
        familjehem,
        ekb,
        ekbOther,
        aLine({ code: 'ALL_PAYMENTS', match: [{ stream: 'payments' }] }),
      ]),
    ).toEqual({
      EKB_UTBETALT: ['payments|category=FORSORJNINGSSTOD', 'payments|category=BOENDE'],
      EKB_OVRIGT: ['payments|category=TANDVARD'],
    });
  });
});
