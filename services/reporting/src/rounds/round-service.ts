import {
  ConflictException,
  HttpException,
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { errorBody, maskPersonnummer } from '@ramprognos/service-kit';
import { CLOCK } from '../clock';
import { decideRound, RoundError, type Clock, type RoundCommand, type RoundDeps } from './decide';
import { ROUND_STORE, RoundConcurrencyError, RoundLabelTakenError, type RoundStore } from './event-store/round-store';
import { REPORT_SOURCE, type ReportSource } from './report-source/report-source';
import { evolveRound, foldRound, isExisting, type ExistingRound, type RoundEvent } from './round';
import { roundLines, snapshotDigest, type RoundSnapshot } from './round-snapshot';

/** Fresh round ids; injected so tests can name their rounds. */
export const ROUND_IDS = Symbol('ROUND_IDS');
export type RoundIds = () => string;

export interface OpenRoundRequest {
  readonly year: number;
  readonly asOf: string;
  readonly label: string;
}

export interface LoadedRound {
  readonly state: ExistingRound;
  readonly events: readonly RoundEvent[];
}

// Each retry re-reads the stream, so a lost race is decided again on the winner's state.
const ATTEMPTS = 5;

/** Load → fold → decide → append for a round's stream; the figures come from the report source once, at opening. */
@Injectable()
export class RoundService {
  private readonly deps: RoundDeps;

  constructor(
    @Inject(ROUND_STORE) private readonly store: RoundStore,
    @Inject(REPORT_SOURCE) private readonly source: ReportSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ROUND_IDS) private readonly ids: RoundIds,
  ) {
    this.deps = { clock, looksPersonal: (text) => maskPersonnummer(text) !== text };
  }

  async open(request: OpenRoundRequest, by: string, authorization: string | undefined): Promise<LoadedRound> {
    const roundId = this.ids();
    // The opening instant is the knowledge time: the figures are what was known when the round began.
    const knownAt = this.clock.now().toISOString();
    const snapshot: RoundSnapshot = await this.source.capture({ ...request, knownAt }, authorization);
    const digest = snapshotDigest(snapshot);
    const command: RoundCommand = {
      type: 'OpenRound',
      data: { roundId, ...request, knownAt, lines: roundLines(snapshot), snapshotDigest: digest },
      metadata: { by },
    };
    const events = decideRound(command, foldRound([]), this.deps);
    if (events instanceof RoundError) throw toHttpError(events);
    try {
      await this.store.append(roundId, request.year, 0, events, { digest, body: snapshot });
    } catch (error) {
      if (error instanceof RoundLabelTakenError) {
        throw new ConflictException(
          errorBody({ field: 'label', message: `${request.year} already has a round with this label` }),
        );
      }
      throw error;
    }
    return { state: foldRound(events) as ExistingRound, events };
  }

  async execute(roundId: string, command: Exclude<RoundCommand, { type: 'OpenRound' }>): Promise<LoadedRound> {
    for (let attempt = 1; ; attempt++) {
      const { events, version } = await this.store.load(roundId);
      const state = foldRound(events);
      const decided = decideRound(command, state, this.deps);
      if (decided instanceof RoundError) throw toHttpError(decided);
      if (!isExisting(state)) throw notFound();
      if (decided.length === 0) return { state, events };
      try {
        await this.store.append(roundId, state.year, version, decided);
        return { state: decided.reduce(evolveRound, state) as ExistingRound, events: [...events, ...decided] };
      } catch (error) {
        if (!(error instanceof RoundConcurrencyError)) throw error;
        if (attempt >= ATTEMPTS) {
          throw new ConflictException(
            errorBody({ field: 'roundId', message: 'the round is being changed by someone else; try again' }),
          );
        }
      }
    }
  }

  async load(roundId: string): Promise<LoadedRound> {
    const { events } = await this.store.load(roundId);
    const state = foldRound(events);
    if (!isExisting(state)) throw notFound();
    return { state, events };
  }

  async snapshot(roundId: string): Promise<RoundSnapshot> {
    const snapshot = await this.store.snapshot(roundId);
    if (snapshot === null) throw notFound();
    return snapshot;
  }

  async list(year: number): Promise<LoadedRound[]> {
    const streams = await this.store.listYear(year);
    return streams.map(({ events }) => ({ state: foldRound(events) as ExistingRound, events }));
  }
}

function notFound(): NotFoundException {
  return new NotFoundException(errorBody({ field: 'roundId', message: 'no such round' }));
}

/** invalid → 422, not-found → 404, conflict → 409, each `{errors: [{field, message}]}`. */
export function toHttpError(error: RoundError): HttpException {
  const body = { errors: error.errors.map(({ field, message }) => ({ field, message })) };
  switch (error.reason) {
    case 'invalid':
      return new UnprocessableEntityException(body);
    case 'not-found':
      return new NotFoundException(body);
    case 'conflict':
      return new ConflictException(body);
    default: {
      const unknown: never = error.reason;
      return unknown;
    }
  }
}
