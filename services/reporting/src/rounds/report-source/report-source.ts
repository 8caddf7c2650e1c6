import type { RoundSnapshot } from '../round-snapshot';

/** The knowledge point a round captures (SPEC §6): knownAt is the instant the round is opened. */
export interface CaptureRequest {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
}

/**
 * Where a round's figures come from: the budget-deviation report in its three groupings, the
 * monthly series and the budget's structure, as they stand at (year, asOf, knownAt), unsuppressed.
 * `authorization` is the opener's own header (the forecast service is asked on their behalf).
 * A year without a budget is a 404 (Nest HttpException) from the source.
 */
export interface ReportSource {
  capture(request: CaptureRequest, authorization: string | undefined): Promise<RoundSnapshot>;
}

export const REPORT_SOURCE = Symbol('REPORT_SOURCE');
