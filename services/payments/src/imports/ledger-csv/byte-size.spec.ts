import { parseByteSize } from './byte-size';

describe('parseByteSize', () => {
  it('reads b, kb and mb', () => {
    expect([parseByteSize('512b'), parseByteSize('2KB'), parseByteSize('50mb')]).toEqual([
      512,
      2048,
      50 * 1024 * 1024,
    ]);
    expect(() => parseByteSize('5gb')).toThrow();
  });
});
