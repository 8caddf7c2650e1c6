/**
 * A report round (prognostillfälle, e.g. "Delårsrapport 2023" with asOf 2023-08-31) as an
 * event-sourced aggregate: one stream per round. Opened with a frozen snapshot of the figures,
 * then comments and readiness per line, then approval, after which nothing changes. Every event
 * carries who and when: the stream is the audit trail.
 */

export type RoundStatus = 'OPEN' | 'APPROVED';

interface Recorded {
  readonly roundId: string;
  /** ISO 8601 instant, from the injected clock. */
  readonly recordedAt: string;
  /** The JWT subject of the user who did it. */
  readonly recordedBy: string;
}

export type RoundOpened = Readonly<{
  type: 'RoundOpened';
  data: Recorded &
    Readonly<{
      year: number;
      asOf: string;
      label: string;
      /** The knowledge time the figures were captured at: the opening instant. */
      knownAt: string;
      /** The budget lines of the snapshot, in report order: what is commented and marked ready. */
      lines: readonly string[];
      /** sha256 of the stored snapshot (round_snapshots): the figures are checkably the ones captured. */
      snapshotDigest: string;
    }>;
}>;

export type LineCommented = Readonly<{
  type: 'LineCommented';
  data: Recorded & Readonly<{ line: string; text: string }>;
}>;

export type LineMarkedReady = Readonly<{ type: 'LineMarkedReady'; data: Recorded & Readonly<{ line: string }> }>;

/** A ready line taken back for more work (its comment can be changed again). */
export type LineReopened = Readonly<{ type: 'LineReopened'; data: Recorded & Readonly<{ line: string }> }>;

export type RoundApproved = Readonly<{ type: 'RoundApproved'; data: Recorded }>;

export type RoundEvent = RoundOpened | LineCommented | LineMarkedReady | LineReopened | RoundApproved;

export const ROUND_EVENT_TYPES: readonly RoundEvent['type'][] = [
  'RoundOpened',
  'LineCommented',
  'LineMarkedReady',
  'LineReopened',
  'RoundApproved',
];

export interface Stamp {
  readonly at: string;
  readonly by: string;
}

export interface LineState {
  readonly comment: (Stamp & { readonly text: string }) | null;
  readonly ready: Stamp | null;
}

export type RoundState =
  | { readonly status: 'NONE' }
  | {
      readonly status: RoundStatus;
      readonly roundId: string;
      readonly year: number;
      readonly asOf: string;
      readonly label: string;
      readonly knownAt: string;
      readonly snapshotDigest: string;
      readonly opened: Stamp;
      readonly approved: Stamp | null;
      /** Every line of the snapshot, in report order. */
      readonly lines: readonly string[];
      readonly lineStates: Readonly<Record<string, LineState>>;
    };

export type ExistingRound = Exclude<RoundState, { status: 'NONE' }>;

export const initialRoundState = (): RoundState => ({ status: 'NONE' });

export function isExisting(state: RoundState): state is ExistingRound {
  return state.status !== 'NONE';
}

const EMPTY_LINE: LineState = { comment: null, ready: null };

function withLine(state: ExistingRound, line: string, change: (l: LineState) => LineState): ExistingRound {
  const current = state.lineStates[line] ?? EMPTY_LINE;
  return { ...state, lineStates: { ...state.lineStates, [line]: change(current) } };
}

/** Folds one event; events are facts, so evolve never refuses (decide did). */
export function evolveRound(state: RoundState, event: RoundEvent): RoundState {
  const stamp = { at: event.data.recordedAt, by: event.data.recordedBy };
  if (event.type === 'RoundOpened') {
    const d = event.data;
    return {
      status: 'OPEN',
      roundId: d.roundId,
      year: d.year,
      asOf: d.asOf,
      label: d.label,
      knownAt: d.knownAt,
      snapshotDigest: d.snapshotDigest,
      opened: stamp,
      approved: null,
      lines: d.lines,
      lineStates: Object.fromEntries(d.lines.map((line) => [line, EMPTY_LINE])),
    };
  }
  if (!isExisting(state)) return state;
  switch (event.type) {
    case 'LineCommented':
      return withLine(state, event.data.line, (l) => ({
        ...l,
        comment: event.data.text === '' ? null : { ...stamp, text: event.data.text },
      }));
    case 'LineMarkedReady':
      return withLine(state, event.data.line, (l) => ({ ...l, ready: stamp }));
    case 'LineReopened':
      return withLine(state, event.data.line, (l) => ({ ...l, ready: null }));
    case 'RoundApproved':
      return { ...state, status: 'APPROVED', approved: stamp };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export function foldRound(events: readonly RoundEvent[]): RoundState {
  return events.reduce(evolveRound, initialRoundState());
}

/** Lines not yet marked ready, in report order. */
export function linesNotReady(state: ExistingRound): string[] {
  return state.lines.filter((line) => state.lineStates[line]?.ready == null);
}
