import { decideRound, RoundError, type RoundCommand, type RoundDeps } from './decide';
import { foldRound, linesNotReady, type ExistingRound, type RoundEvent } from './round';

// Given events / When command / Then events: the round's rules without Nest or a database.

const ROUND = '6f1c2a4e-0000-4000-8000-000000000001';
const AT = '2023-09-05T08:00:00.000Z';
const deps: RoundDeps = {
  clock: { now: () => new Date(AT) },
  looksPersonal: (text) => /\d{6}-\d{4}/.test(text),
};

const opened = (lines: readonly string[] = ['EKB_UTBETALT', 'IFO_FAMILJEHEM_EXT']): RoundEvent => ({
  type: 'RoundOpened',
  data: {
    roundId: ROUND,
    year: 2023,
    asOf: '2023-08-31',
    label: 'Delårsrapport 2023',
    knownAt: '2023-09-01T06:00:00.000Z',
    lines,
    snapshotDigest: 'sha256:abc',
    recordedAt: '2023-09-01T06:00:00.000Z',
    recordedBy: 'carl.controller',
  },
});
const stamp = (by: string) => ({ roundId: ROUND, recordedAt: AT, recordedBy: by });
const commented = (line: string, text: string, by = 'eva.ekonom'): RoundEvent => ({ type: 'LineCommented', data: { ...stamp(by), line, text } });
const ready = (line: string, by = 'eva.ekonom'): RoundEvent => ({ type: 'LineMarkedReady', data: { ...stamp(by), line } });
const approved = (): RoundEvent => ({ type: 'RoundApproved', data: stamp('carl.controller') });

function when(given: readonly RoundEvent[], command: RoundCommand): readonly RoundEvent[] | RoundError {
  return decideRound(command, foldRound(given), deps);
}

const comment = (line: string, text: unknown, by = 'eva.ekonom'): RoundCommand => ({ type: 'CommentLine', data: { line, text }, metadata: { by } });
const markReady = (line: string, by = 'eva.ekonom'): RoundCommand => ({ type: 'MarkLineReady', data: { line }, metadata: { by } });
const reopen = (line: string): RoundCommand => ({ type: 'ReopenLine', data: { line }, metadata: { by: 'eva.ekonom' } });
const approve = (by = 'carl.controller'): RoundCommand => ({ type: 'ApproveRound', data: {}, metadata: { by } });
const open = (over: Partial<Extract<RoundCommand, { type: 'OpenRound' }>['data']> = {}): RoundCommand => ({
  type: 'OpenRound',
  data: {
    roundId: ROUND,
    year: 2023,
    asOf: '2023-08-31',
    label: '  Delårsrapport 2023 ',
    knownAt: AT,
    lines: ['A', 'B'],
    snapshotDigest: 'sha256:abc',
    ...over,
  },
  metadata: { by: 'carl.controller' },
});

function refused(result: readonly RoundEvent[] | RoundError): RoundError {
  if (!(result instanceof RoundError)) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result;
}

describe('opening a round', () => {
  it('records who opened it, when, the knowledge time and the lines, with the label trimmed', () => {
    expect(when([], open())).toEqual([
      {
        type: 'RoundOpened',
        data: {
          roundId: ROUND,
          year: 2023,
          asOf: '2023-08-31',
          label: 'Delårsrapport 2023',
          knownAt: AT,
          lines: ['A', 'B'],
          snapshotDigest: 'sha256:abc',
          recordedAt: AT,
          recordedBy: 'carl.controller',
        },
      },
    ]);
  });

  it('refuses an asOf outside the year, an empty label and a report without lines, all at once', () => {
    const error = refused(when([], open({ asOf: '2024-01-31', label: ' ', lines: [] })));
    expect(error.reason).toBe('invalid');
    expect(error.errors.map((e) => e.field)).toEqual(['asOf', 'label', 'lines']);
  });

  it('refuses to open the same round twice', () => {
    expect(refused(when([opened()], open())).reason).toBe('conflict');
  });
});

describe('comments and readiness', () => {
  it('records a comment with its author; the same text again changes nothing', () => {
    expect(when([opened()], comment('EKB_UTBETALT', ' Färre hushåll än budgeterat.\r\n'))).toEqual([
      commented('EKB_UTBETALT', 'Färre hushåll än budgeterat.'),
    ]);
    expect(when([opened(), commented('EKB_UTBETALT', 'Färre hushåll.')], comment('EKB_UTBETALT', 'Färre hushåll.'))).toEqual([]);
  });

  it('an empty text removes the comment', () => {
    const state = foldRound([opened(), commented('EKB_UTBETALT', 'x'), commented('EKB_UTBETALT', '')]) as ExistingRound;
    expect(state.lineStates.EKB_UTBETALT.comment).toBeNull();
  });

  it('refuses a comment on an unknown line, a non-string, and text with a personnummer (without echoing it)', () => {
    expect(refused(when([opened()], comment('NOPE', 'x'))).reason).toBe('not-found');
    expect(refused(when([opened()], comment('EKB_UTBETALT', 42))).reason).toBe('invalid');
    const personal = refused(when([opened()], comment('EKB_UTBETALT', 'Gäller 19121212-1212')));
    expect(personal.reason).toBe('invalid');
    expect(JSON.stringify(personal)).not.toContain('1212');
  });

  it('refuses a comment over 4000 characters', () => {
    expect(refused(when([opened()], comment('EKB_UTBETALT', 'x'.repeat(4001)))).errors[0].field).toBe('text');
  });

  it('a ready line keeps its comment until it is reopened', () => {
    const given = [opened(), commented('EKB_UTBETALT', 'Klart.'), ready('EKB_UTBETALT')];
    expect(refused(when(given, comment('EKB_UTBETALT', 'Ändrat'))).reason).toBe('conflict');
    expect(when(given, markReady('EKB_UTBETALT'))).toEqual([]);
    const reopened = when(given, reopen('EKB_UTBETALT'));
    expect(reopened).toEqual([{ type: 'LineReopened', data: { ...stamp('eva.ekonom'), line: 'EKB_UTBETALT' } }]);
    const after = [...given, ...(reopened as RoundEvent[])];
    expect(when(after, comment('EKB_UTBETALT', 'Ändrat'))).toEqual([commented('EKB_UTBETALT', 'Ändrat')]);
  });
});

describe('approval', () => {
  it('needs every line ready, and says which are not', () => {
    const error = refused(when([opened(), ready('EKB_UTBETALT')], approve()));
    expect(error.reason).toBe('conflict');
    expect(error.errors[0].message).toContain('IFO_FAMILJEHEM_EXT');
    expect(error.errors[0].message).not.toContain('EKB_UTBETALT');
  });

  it('approves when every line is ready, recording the approver', () => {
    const given = [opened(), ready('EKB_UTBETALT'), ready('IFO_FAMILJEHEM_EXT')];
    expect(when(given, approve())).toEqual([approved()]);
    const state = foldRound([...given, approved()]) as ExistingRound;
    expect([state.status, state.approved]).toEqual(['APPROVED', { at: AT, by: 'carl.controller' }]);
  });

  it('freezes the round: no comment, readiness change or reopening afterwards; approving again is a no-op', () => {
    const given = [opened(), ready('EKB_UTBETALT'), ready('IFO_FAMILJEHEM_EXT'), approved()];
    for (const command of [comment('EKB_UTBETALT', 'sent'), markReady('EKB_UTBETALT'), reopen('EKB_UTBETALT')]) {
      const error = refused(when(given, command));
      expect([error.reason, error.errors[0].message]).toEqual(['conflict', `the round was approved at ${AT} and is frozen`]);
    }
    expect(when(given, approve())).toEqual([]);
  });

  it('refuses commands on a round that does not exist', () => {
    for (const command of [comment('A', 'x'), markReady('A'), reopen('A'), approve()]) {
      expect(refused(when([], command)).reason).toBe('not-found');
    }
  });
});

describe('folding', () => {
  it('keeps every line in report order with its latest comment and readiness', () => {
    const state = foldRound([
      opened(),
      commented('IFO_FAMILJEHEM_EXT', 'Fler vårddygn.', 'eva.ekonom'),
      commented('IFO_FAMILJEHEM_EXT', 'Fler vårddygn, lägre dygnskostnad.', 'olle.ekonom'),
      ready('IFO_FAMILJEHEM_EXT', 'olle.ekonom'),
    ]) as ExistingRound;
    expect(state.lines).toEqual(['EKB_UTBETALT', 'IFO_FAMILJEHEM_EXT']);
    expect(state.lineStates.IFO_FAMILJEHEM_EXT).toEqual({
      comment: { at: AT, by: 'olle.ekonom', text: 'Fler vårddygn, lägre dygnskostnad.' },
      ready: { at: AT, by: 'olle.ekonom' },
    });
    expect(linesNotReady(state)).toEqual(['EKB_UTBETALT']);
  });
});
