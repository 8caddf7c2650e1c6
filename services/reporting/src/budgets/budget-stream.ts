import {
  ConflictException,
  HttpException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { errorBody } from '@ramprognos/service-kit';
import { evolve, initialState, type BudgetEvent, type BudgetState } from './budget';
import { BudgetError } from './budget-error';
import { decide, type BudgetCommand, type Clock } from './decide';
import { BudgetConcurrencyError, type BudgetEventStore } from './event-store/budget-event-store';

/** A year's budget as stored, folded, with the version it was read at. */
export async function loadBudget(
  store: BudgetEventStore,
  year: number,
): Promise<{ state: BudgetState; version: number }> {
  const stream = await store.load(year);
  return { state: stream.events.reduce(evolve, initialState()), version: stream.version };
}

export interface BudgetCommandOutcome {
  readonly state: BudgetState;
  /** What this command appended; empty for a repeated identical adjustment. */
  readonly events: readonly BudgetEvent[];
}

// Each retry re-reads the stream, so a lost race is decided again on the winner's state. A
// budget has a handful of writers; the jitter keeps a burst of them from colliding in lockstep.
const ATTEMPTS = 10;
const retryDelayMs = (attempt: number): number => attempt * (5 + Math.floor(Math.random() * 20));

/**
 * Load → evolve → decide → append, retried when another writer appended in between. The year
 * of the stream is the command's (for an adoption: the body's `year`; when the body has none,
 * decide refuses it on an empty state).
 */
export async function executeBudgetCommand(
  store: BudgetEventStore,
  clock: Clock,
  command: BudgetCommand,
): Promise<BudgetCommandOutcome> {
  const year = streamYear(command);
  for (let attempt = 1; ; attempt++) {
    const { state, version } =
      year === null ? { state: initialState(), version: 0 } : await loadBudget(store, year);
    const decided = decide(command, state, clock);
    if (decided instanceof BudgetError) throw toHttpError(decided);
    if (decided.length === 0) return { state, events: decided };
    if (year === null) throw new Error('decide accepted a budget command without a year');
    try {
      await store.append(year, version, decided);
      return { state: decided.reduce(evolve, state), events: decided };
    } catch (error) {
      if (!(error instanceof BudgetConcurrencyError)) throw error;
      if (attempt >= ATTEMPTS) {
        throw new ConflictException(
          errorBody({ field: 'year', message: 'the budget is being changed by someone else; try again' }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
    }
  }
}

function streamYear(command: BudgetCommand): number | null {
  if (command.type === 'AdjustBudget') return command.data.year;
  const raw = command.data.budget;
  const year = typeof raw === 'object' && raw !== null ? (raw as { year?: unknown }).year : undefined;
  return typeof year === 'number' && Number.isInteger(year) && year >= 1900 && year <= 2999 ? year : null;
}

/** invalid → 422, conflict → 409, not-found → 404, each `{errors: [{field, message}]}`. */
export function toHttpError(error: BudgetError): HttpException {
  const body = { errors: error.errors.map(({ field, message }) => ({ field, message })) };
  switch (error.reason) {
    case 'invalid':
      return new UnprocessableEntityException(body);
    case 'conflict':
      return new ConflictException(body);
    case 'not-found':
      return new NotFoundException(body);
    default: {
      const unknown: never = error.reason;
      return unknown;
    }
  }
}
