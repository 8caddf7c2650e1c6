import { withDeadLetterTwins } from './topics';

describe('withDeadLetterTwins', () => {
  it('adds a .dlq twin with the same partitions to every topic', () => {
    expect(
      withDeadLetterTwins(
        [
          { topic: 'a', numPartitions: 6 },
          { topic: 'b', numPartitions: 2 },
        ],
        true,
      ),
    ).toEqual([
      { topic: 'a', numPartitions: 6 },
      { topic: 'a.dlq', numPartitions: 6 },
      { topic: 'b', numPartitions: 2 },
      { topic: 'b.dlq', numPartitions: 2 },
    ]);
  });

  it('does not twin a DLQ topic, nor twice', () => {
    expect(withDeadLetterTwins([{ topic: 'a.dlq', numPartitions: 1 }], true)).toEqual([
      { topic: 'a.dlq', numPartitions: 1 },
    ]);
    expect(
      withDeadLetterTwins(
        [
          { topic: 'a', numPartitions: 1 },
          { topic: 'a', numPartitions: 1 },
        ],
        true,
      ),
    ).toHaveLength(2);
  });

  it('can leave twins out, and rejects a bad partition count', () => {
    expect(withDeadLetterTwins([{ topic: 'a', numPartitions: 3 }], false)).toEqual([
      { topic: 'a', numPartitions: 3 },
    ]);
    expect(() => withDeadLetterTwins([{ topic: 'a', numPartitions: 0 }], true)).toThrow(/positive integer/);
  });
});
