import type { RoundEvent } from '../round';
import type { RoundSnapshot } from '../round-snapshot';

export interface RoundStream {
  readonly events: readonly RoundEvent[];
  readonly version: number;
}

/**
 * Round events, append-only, one stream per round (`round_events`), and each round's snapshot,
 * written once with its opening (`round_snapshots`). `append` succeeds only at `expectedVersion`.
 */
export interface RoundStore {
  load(roundId: string): Promise<RoundStream>;
  /** `snapshot` goes with the first append (the RoundOpened event) and only then. */
  append(
    roundId: string,
    year: number,
    expectedVersion: number,
    events: readonly RoundEvent[],
    snapshot?: { readonly digest: string; readonly body: RoundSnapshot },
  ): Promise<void>;
  snapshot(roundId: string): Promise<RoundSnapshot | null>;
  /** The streams of a year's rounds, in order of opening. */
  listYear(year: number): Promise<readonly RoundStream[]>;
}

export const ROUND_STORE = Symbol('ROUND_STORE');

export class RoundConcurrencyError extends Error {
  override readonly name = 'RoundConcurrencyError';
  constructor(readonly roundId: string) {
    super(`round ${roundId} moved on while the command was decided`);
  }
}

/** A year holds one round per label: opening "Delårsrapport 2023" twice is a mistake, not a wish. */
export class RoundLabelTakenError extends Error {
  override readonly name = 'RoundLabelTakenError';
  constructor(readonly year: number) {
    super(`a round with this label already exists for ${year}`);
  }
}
