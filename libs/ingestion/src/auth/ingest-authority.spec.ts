import { IngestAuthority, refusedSources } from './ingest-authority';

describe('IngestAuthority', () => {
  const authority = new IngestAuthority(
    new Map([
      ['t1', ['urn:system:lifecare']],
      ['t2', ['urn:system:utbetalning', 'urn:system:raindance']],
    ]),
  );

  it('finds the sources of a bearer token, and a log-safe reference instead of the token', () => {
    const result = authority.authenticate('Bearer t2');
    expect(result).toEqual({
      ok: true,
      principal: {
        sources: ['urn:system:utbetalning', 'urn:system:raindance'],
        tokenRef: expect.stringMatching(/^[0-9a-f]{12}$/),
      },
    });
  });

  it('refuses a missing, malformed or unknown token without repeating it', () => {
    for (const header of [undefined, '', 'Basic dDE=', 'Bearer', 'Bearer t1 t2', 'bearer t1']) {
      expect(authority.authenticate(header)).toMatchObject({
        ok: false,
        message: expect.stringContaining('bearer token is required'),
      });
    }
    const unknown = authority.authenticate('Bearer secret-guess');
    expect(unknown).toEqual({ ok: false, message: 'the token is not valid' });
  });
});

describe('refusedSources', () => {
  const principal = { sources: ['urn:system:lifecare'], tokenRef: 'x' };

  it('lists each source a token may not write once, for one event or a batch', () => {
    expect(refusedSources(principal, { source: 'urn:system:lifecare' })).toEqual([]);
    expect(
      refusedSources(principal, [
        { source: 'urn:system:lifecare' },
        { source: 'urn:system:treserva' },
        { source: 'urn:system:treserva' },
        { source: 'urn:system:procapita' },
      ]),
    ).toEqual(['urn:system:treserva', 'urn:system:procapita']);
  });

  it('leaves items without a string source to validation', () => {
    expect(
      refusedSources(principal, [null, 1, [], {}, { source: 7 }, Object.create({ source: 'urn:x' })]),
    ).toEqual([]);
  });
});
