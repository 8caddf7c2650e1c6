import {
  backoffDelay,
  backoffPolicy,
  defaultFailureKind,
  nextRetry,
  TransientError,
  type BackoffPolicy,
} from './backoff';

const policy: BackoffPolicy = { initialMs: 100, maxMs: 1_000, factor: 2, jitter: 0 };

describe('backoffDelay', () => {
  it('grows by the factor from the initial delay and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(policy, n))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('spreads the delay by at most ±jitter', () => {
    const jittered = { ...policy, jitter: 0.2 };
    expect(backoffDelay(jittered, 3, () => 0)).toBe(320);
    expect(backoffDelay(jittered, 3, () => 1)).toBe(480);
    expect(backoffDelay(jittered, 3, () => 0.5)).toBe(400);
  });
});

describe('backoffPolicy', () => {
  it('fills defaults and rejects nonsense', () => {
    expect(backoffPolicy({ initialMs: 5 }, policy)).toEqual({ ...policy, initialMs: 5 });
    expect(() => backoffPolicy({ maxMs: 50 }, policy)).toThrow(/Invalid backoff/);
    expect(() => backoffPolicy({ factor: 0.5 }, policy)).toThrow(/Invalid backoff/);
    expect(() => backoffPolicy({ jitter: 2 }, policy)).toThrow(/jitter/);
  });
});

describe('nextRetry', () => {
  it('gives up after maxAttempts permanent failures', () => {
    expect(nextRetry(policy, 3, 'permanent', 1, 1)).toEqual({ retry: true, delayMs: 100 });
    expect(nextRetry(policy, 3, 'permanent', 2, 2)).toEqual({ retry: true, delayMs: 200 });
    expect(nextRetry(policy, 3, 'permanent', 3, 3)).toEqual({ retry: false, delayMs: 0 });
  });

  it('keeps retrying transient failures, at the capped delay', () => {
    expect(nextRetry(policy, 3, 'transient', 0, 50)).toEqual({ retry: true, delayMs: 1_000 });
    expect(nextRetry(policy, 1, 'transient', 5, 6)).toEqual({ retry: true, delayMs: 1_000 });
  });
});

describe('defaultFailureKind', () => {
  it('treats TransientError and errors flagged transient as transient, everything else as permanent', () => {
    expect(defaultFailureKind(new TransientError('database down'))).toBe('transient');
    expect(defaultFailureKind(Object.assign(new Error('pool exhausted'), { transient: true }))).toBe(
      'transient',
    );
    expect(defaultFailureKind(new Error('bad amount'))).toBe('permanent');
    expect(defaultFailureKind('a string')).toBe('permanent');
    expect(defaultFailureKind(null)).toBe('permanent');
  });
});
