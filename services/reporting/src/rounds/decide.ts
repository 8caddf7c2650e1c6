import { isCivilDate } from '@ramprognos/calendar';
import {
  isExisting,
  linesNotReady,
  type ExistingRound,
  type RoundEvent,
  type RoundState,
} from './round';

/** Injected so that the domain never reads the wall clock. */
export interface Clock {
  now(): Date;
}

export interface RoundDeps {
  readonly clock: Clock;
  /** True when the text holds something like a personnummer: comments go to the nämnd and must not. */
  readonly looksPersonal: (text: string) => boolean;
}

export interface RoundFieldError {
  readonly field: string;
  readonly message: string;
}

export type RoundErrorReason = 'invalid' | 'not-found' | 'conflict';

/** Why a command is refused: invalid → 422, not-found → 404, conflict → 409. */
export class RoundError {
  constructor(
    readonly reason: RoundErrorReason,
    readonly errors: readonly RoundFieldError[],
  ) {}
}

interface Metadata {
  /** The JWT subject. */
  readonly by: string;
}

export type OpenRound = Readonly<{
  type: 'OpenRound';
  data: Readonly<{
    roundId: string;
    year: number;
    asOf: string;
    label: string;
    knownAt: string;
    lines: readonly string[];
    snapshotDigest: string;
  }>;
  metadata: Metadata;
}>;

export type CommentLine = Readonly<{ type: 'CommentLine'; data: Readonly<{ line: string; text: unknown }>; metadata: Metadata }>;
export type MarkLineReady = Readonly<{ type: 'MarkLineReady'; data: Readonly<{ line: string }>; metadata: Metadata }>;
export type ReopenLine = Readonly<{ type: 'ReopenLine'; data: Readonly<{ line: string }>; metadata: Metadata }>;
export type ApproveRound = Readonly<{ type: 'ApproveRound'; data: Readonly<Record<string, never>>; metadata: Metadata }>;

export type RoundCommand = OpenRound | CommentLine | MarkLineReady | ReopenLine | ApproveRound;

export const MAX_LABEL_LENGTH = 120;
export const MAX_COMMENT_LENGTH = 4000;
// Newlines and tabs belong in an explanation; other control characters do not.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const invalid = (field: string, message: string) => new RoundError('invalid', [{ field, message }]);

/**
 * The events a command causes on a round's stream, or why it is refused. An empty list means
 * "already so" (the same comment again, a ready line marked ready again): retries are harmless.
 * An approved round refuses every change: its figures, comments and readiness are frozen.
 */
export function decideRound(
  command: RoundCommand,
  state: RoundState,
  deps: RoundDeps,
): readonly RoundEvent[] | RoundError {
  const recordedAt = deps.clock.now().toISOString();
  const recordedBy = command.metadata.by;
  if (command.type === 'OpenRound') {
    if (isExisting(state)) return new RoundError('conflict', [{ field: 'roundId', message: 'the round already exists' }]);
    const d = command.data;
    const errors = openErrors(d);
    if (errors.length > 0) return new RoundError('invalid', errors);
    return [
      {
        type: 'RoundOpened',
        data: {
          roundId: d.roundId,
          year: d.year,
          asOf: d.asOf,
          label: d.label.trim(),
          knownAt: d.knownAt,
          lines: [...d.lines],
          snapshotDigest: d.snapshotDigest,
          recordedAt,
          recordedBy,
        },
      },
    ];
  }

  if (!isExisting(state)) return new RoundError('not-found', [{ field: 'roundId', message: 'no such round' }]);
  if (state.status === 'APPROVED') {
    if (command.type === 'ApproveRound') return [];
    return new RoundError('conflict', [
      { field: 'roundId', message: `the round was approved at ${state.approved?.at ?? 'an earlier time'} and is frozen` },
    ]);
  }
  const roundId = state.roundId;
  switch (command.type) {
    case 'CommentLine': {
      const line = knownLine(state, command.data.line);
      if (line instanceof RoundError) return line;
      const text = commentText(command.data.text, deps);
      if (text instanceof RoundError) return text;
      const current = state.lineStates[line];
      if (current?.ready) {
        return new RoundError('conflict', [
          { field: 'line', message: `${line} is marked ready; reopen it before changing its comment` },
        ]);
      }
      if ((current?.comment?.text ?? '') === text) return [];
      return [{ type: 'LineCommented', data: { roundId, line, text, recordedAt, recordedBy } }];
    }
    case 'MarkLineReady': {
      const line = knownLine(state, command.data.line);
      if (line instanceof RoundError) return line;
      if (state.lineStates[line]?.ready) return [];
      return [{ type: 'LineMarkedReady', data: { roundId, line, recordedAt, recordedBy } }];
    }
    case 'ReopenLine': {
      const line = knownLine(state, command.data.line);
      if (line instanceof RoundError) return line;
      if (!state.lineStates[line]?.ready) return [];
      return [{ type: 'LineReopened', data: { roundId, line, recordedAt, recordedBy } }];
    }
    case 'ApproveRound': {
      const missing = linesNotReady(state);
      if (missing.length > 0) {
        return new RoundError('conflict', [
          {
            field: 'lines',
            message: `every line must be marked ready before approval; not ready: ${missing.join(', ')}`,
          },
        ]);
      }
      return [{ type: 'RoundApproved', data: { roundId, recordedAt, recordedBy } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function openErrors(d: OpenRound['data']): RoundFieldError[] {
  const errors: RoundFieldError[] = [];
  if (!Number.isInteger(d.year) || d.year < 1900 || d.year > 2999) {
    errors.push({ field: 'year', message: 'must be a year such as 2023' });
  }
  if (typeof d.asOf !== 'string' || !isCivilDate(d.asOf)) errors.push({ field: 'asOf', message: 'must be a date YYYY-MM-DD' });
  else if (Number(d.asOf.slice(0, 4)) !== d.year) errors.push({ field: 'asOf', message: `must be a date in ${d.year}` });
  if (typeof d.label !== 'string' || d.label.trim() === '') {
    errors.push({ field: 'label', message: 'is required, e.g. "Delårsrapport 2023"' });
  } else if (d.label.trim().length > MAX_LABEL_LENGTH) {
    errors.push({ field: 'label', message: `must be at most ${MAX_LABEL_LENGTH} characters` });
  } else if (CONTROL.test(d.label) || /[\r\n]/.test(d.label)) {
    errors.push({ field: 'label', message: 'must be one line without control characters' });
  }
  if (d.lines.length === 0) errors.push({ field: 'lines', message: 'the report has no budget lines to comment on' });
  if (new Set(d.lines).size !== d.lines.length) errors.push({ field: 'lines', message: 'a line appears twice' });
  return errors;
}

function knownLine(state: ExistingRound, line: string): string | RoundError {
  return state.lines.includes(line)
    ? line
    : new RoundError('not-found', [{ field: 'line', message: 'is not a line of this round' }]);
}

function commentText(raw: unknown, deps: RoundDeps): string | RoundError {
  if (typeof raw !== 'string') return invalid('text', 'must be a string (empty to remove the comment)');
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (text.length > MAX_COMMENT_LENGTH) return invalid('text', `must be at most ${MAX_COMMENT_LENGTH} characters`);
  if (CONTROL.test(text)) return invalid('text', 'must not contain control characters');
  // The message never repeats the text: it may be the very personal data it refuses.
  if (deps.looksPersonal(text)) {
    return invalid('text', 'must not contain personal data such as a personnummer; the report goes to the nämnd');
  }
  return text;
}
