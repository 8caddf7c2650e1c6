export interface BackoffPolicy {
  /** Delay before the 2nd attempt. */
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** 0..1: the delay is spread over ±jitter of itself, so restarting replicas do not move in step. */
  readonly jitter: number;
}

export const DEFAULT_HANDLER_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 5_000, factor: 2, jitter: 0 };
export const DEFAULT_RESTART_BACKOFF: BackoffPolicy = {
  initialMs: 1_000,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.2,
};

/** Delay to wait after the `failedAttempts`-th failure (1-based); `random` is injectable for tests. */
export function backoffDelay(
  policy: BackoffPolicy,
  failedAttempts: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
  const spread = base * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base + spread));
}

export function backoffPolicy(
  overrides: Partial<BackoffPolicy> | undefined,
  defaults: BackoffPolicy,
): BackoffPolicy {
  const policy = { ...defaults, ...overrides };
  if (!(policy.initialMs >= 0 && policy.maxMs >= policy.initialMs && policy.factor >= 1)) {
    throw new Error(`Invalid backoff policy ${JSON.stringify(policy)}`);
  }
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) throw new Error(`Backoff jitter must be within 0..1`);
  return policy;
}

/**
 * How a failure is treated. Permanent failures count towards maxAttempts and end in the DLQ;
 * transient ones (a database that is down) are retried until they pass or the consumer stops,
 * because dead-lettering every message during an outage would be worse than waiting.
 */
export type FailureKind = 'permanent' | 'transient';

/** Throw (or wrap a cause in) this from a handler when retrying later is the right answer. */
export class TransientError extends Error {
  readonly transient = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

export function defaultFailureKind(error: unknown): FailureKind {
  if (error instanceof TransientError) return 'transient';
  const transientFlag =
    typeof error === 'object' && error !== null && (error as { transient?: unknown }).transient;
  return transientFlag === true ? 'transient' : 'permanent';
}

export interface RetryDecision {
  readonly retry: boolean;
  readonly delayMs: number;
}

/** After `permanentFailures` permanent failures (and the latest failure's kind), try again, and when? */
export function nextRetry(
  policy: BackoffPolicy,
  maxAttempts: number,
  kind: FailureKind,
  permanentFailures: number,
  consecutiveFailures: number,
): RetryDecision {
  if (kind === 'permanent' && permanentFailures >= maxAttempts) return { retry: false, delayMs: 0 };
  return { retry: true, delayMs: backoffDelay(policy, consecutiveFailures) };
}
