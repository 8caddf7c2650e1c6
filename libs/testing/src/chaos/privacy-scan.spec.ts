import { findNameFields, findPersonnummer, luhnValid, scanText } from './privacy-scan';

describe('the privacy scanner', () => {
  it('finds personnummer in every written form, with a valid check digit', () => {
    for (const text of [
      '19531016-5989',
      '195310165989',
      '531016-5989',
      '5310165989',
      '531016+5989',
      'pnr: 19531016-5989.',
      '"x":"195310165989"',
    ]) {
      expect({ text, found: findPersonnummer(text).length }).toEqual({ text, found: 1 });
    }
  });

  it('finds samordningsnummer (day + 60)', () => {
    // 1990-05-74 → day 14 + 60; check digit computed by hand over 9005741234 → Luhn digit
    const base = '900574123';
    const digit = [...Array(10).keys()].find((d) => luhnValid(`${base}${d}`));
    expect(findPersonnummer(`${base.slice(0, 6)}-${base.slice(6)}${digit}`)).toHaveLength(1);
  });

  it('ignores a wrong check digit, impossible dates, longer digit runs and hashes', () => {
    expect(findPersonnummer('19531016-5988')).toEqual([]);
    expect(findPersonnummer('19531316-5989')).toEqual([]); // month 13
    expect(findPersonnummer('1195310165989')).toEqual([]); // 13 digits
    expect(findPersonnummer('a3f9c0195310165989e4d2a3f9c0195310165989e4d2a3f9c01953101659')).toEqual([]); // a personRef-like hash
    expect(findPersonnummer('2023-08-31T00:00:00Z 1795439000000 4733696766 10416.67')).toEqual([]);
  });

  it('never repeats what it found', () => {
    const [found] = findPersonnummer('x 19531016-5989 y');
    expect(found).not.toContain('5989');
  });

  it('finds person-name fields, and budget names are not people', () => {
    expect(findNameFields({ data: { caseId: 'c', namn: 'Anna' } })).toEqual(['$.data.namn']);
    expect(findNameFields([{ fornamn: 'Anna', efternamn: 'Svensson' }])).toEqual([
      '$[0].fornamn',
      '$[0].efternamn',
    ]);
    expect(findNameFields({ firstName: 'A' })).toEqual(['$.firstName']);
    expect(findNameFields({ lines: [{ code: 'IFO', name: 'Individ och familj' }] })).toEqual([]);
    expect(scanText('{"log":"{\\"fornamn\\":\\"Anna\\"}"}', 'x').map((f) => f.kind)).toEqual(['name-field']);
  });
});
