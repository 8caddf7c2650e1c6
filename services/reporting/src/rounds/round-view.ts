import type { ExistingRound, LineState, RoundEvent, RoundStatus, Stamp } from './round';
import type { RoundSnapshot } from './round-snapshot';

/** What the rounds API answers: the state folded from the events, and the events themselves as the audit trail. */

export interface RoundSummary {
  readonly roundId: string;
  readonly year: number;
  readonly asOf: string;
  readonly label: string;
  /** The knowledge time of the figures: the opening instant. */
  readonly knownAt: string;
  readonly status: RoundStatus;
  readonly opened: Stamp;
  readonly approved: Stamp | null;
  readonly lineCount: number;
  readonly readyCount: number;
  readonly commentCount: number;
  readonly snapshotDigest: string;
}

export interface RoundLineView extends LineState {
  readonly code: string;
}

export interface AuditEntry {
  readonly seq: number;
  readonly type: RoundEvent['type'];
  readonly at: string;
  readonly by: string;
  readonly line?: string;
  readonly text?: string;
}

export interface RoundStateView extends RoundSummary {
  readonly lines: readonly RoundLineView[];
  readonly audit: readonly AuditEntry[];
}

export interface RoundView extends RoundStateView {
  readonly snapshot: RoundSnapshot;
}

export function roundSummary(state: ExistingRound): RoundSummary {
  const lineStates = state.lines.map((line) => state.lineStates[line]);
  return {
    roundId: state.roundId,
    year: state.year,
    asOf: state.asOf,
    label: state.label,
    knownAt: state.knownAt,
    status: state.status,
    opened: state.opened,
    approved: state.approved,
    lineCount: state.lines.length,
    readyCount: lineStates.filter((l) => l?.ready).length,
    commentCount: lineStates.filter((l) => l?.comment).length,
    snapshotDigest: state.snapshotDigest,
  };
}

export function auditTrail(events: readonly RoundEvent[]): AuditEntry[] {
  return events.map((event, i) => {
    const base = { seq: i + 1, type: event.type, at: event.data.recordedAt, by: event.data.recordedBy };
    switch (event.type) {
      case 'LineCommented':
        return { ...base, line: event.data.line, text: event.data.text };
      case 'LineMarkedReady':
      case 'LineReopened':
        return { ...base, line: event.data.line };
      default:
        return base;
    }
  });
}

export function roundStateView(state: ExistingRound, events: readonly RoundEvent[]): RoundStateView {
  return {
    ...roundSummary(state),
    lines: state.lines.map((code) => ({ code, ...(state.lineStates[code] ?? { comment: null, ready: null }) })),
    audit: auditTrail(events),
  };
}
