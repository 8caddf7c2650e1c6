import fc from 'fast-check';
import { classificationKeyId, classificationKeys, parseClassificationKeyId } from './classification-key';

describe('classification keys', () => {
  it('gives one canonical id whatever the field order', () => {
    expect(classificationKeyId({ stream: 'placements', fields: { targetGroup: 'VUXEN', regi: 'EGEN', placementType: 'HVB' } })).toBe(
      'placements|placementType=HVB|regi=EGEN|targetGroup=VUXEN',
    );
    expect(classificationKeyId(classificationKeys.ledger('5113', undefined, ''))).toBe('ledger|account=5113');
  });

  it('round-trips any field values, separators included', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (account, responsibility, activity) => {
        const key = classificationKeys.ledger(account, responsibility, activity);
        expect(parseClassificationKeyId(classificationKeyId(key))).toEqual(key);
      }),
    );
  });

  it('rejects ids of an unknown stream', () => {
    expect(() => parseClassificationKeyId('cases|x=1')).toThrow(/not a classification key/);
  });
});
