import { publishPlan, type ClaimedRow } from './publish-plan';

const row = (seq: number, topic: string, key: string): ClaimedRow => ({
  seq: String(seq),
  topic,
  key,
  value: `{"seq":${seq}}`,
});

describe('publishPlan', () => {
  it('groups rows by topic, keeps seq order within each, and chunks', () => {
    const rows = [
      row(1, 'a', 'k1'),
      row(2, 'b', 'k2'),
      row(3, 'a', 'k1'),
      row(4, 'a', 'k3'),
      row(5, 'b', 'k2'),
    ];
    const plan = publishPlan(rows, 2);
    expect(plan.map((c) => [c.topic, c.messages.map((m) => JSON.parse(String(m.value)).seq)])).toEqual([
      ['a', [1, 3]],
      ['a', [4]],
      ['b', [2, 5]],
    ]);
  });

  it('sends the stored event unchanged, keyed by the aggregate, in structured mode', () => {
    const [chunk] = publishPlan([row(7, 'a', 'hh-1')], 10);
    expect(chunk.messages[0]).toEqual({
      key: 'hh-1',
      value: '{"seq":7}',
      headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
    });
  });

  it('refuses a chunk size that is not a positive integer', () => {
    expect(() => publishPlan([], 0)).toThrow();
  });
});
