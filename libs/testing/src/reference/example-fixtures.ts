// The shared example data set (test-fixtures/examples) with the SPEC's expected figures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { workspaceRoot } from '../infra/run-script';
import type { ReferenceGroupBy, ReferenceAdjustment, ReferenceBudget, ReferenceEvent } from './types';

export const EXAMPLES_DIR = join(workspaceRoot, 'test-fixtures', 'examples');

/** One case of expected.json; figures are öre as JSON numbers (all well within 2^53). */
export interface ExpectedCase {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string | null;
  readonly groupBy: ReferenceGroupBy;
  readonly rows: readonly {
    readonly code: string;
    readonly annualBudget: number;
    readonly budgetYtd: number;
    readonly actualYtd: number;
    readonly deviationYtd: number;
  }[];
  readonly unclassified: { readonly actualYtd: number };
  readonly volumeActualYtd: Readonly<Record<string, number>> | null;
}

export interface ExampleFixtures {
  readonly budget: ReferenceBudget;
  readonly adjustments: readonly ReferenceAdjustment[];
  /** In file order (which is also time order). */
  readonly events: readonly ReferenceEvent[];
  readonly expected: readonly ExpectedCase[];
}

export function loadExampleFixtures(dir: string = EXAMPLES_DIR): ExampleFixtures {
  const json = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  const events = gunzipSync(readFileSync(join(dir, 'events.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ReferenceEvent);
  return {
    budget: json('budget.json') as ReferenceBudget,
    adjustments: json('adjustments.json') as ReferenceAdjustment[],
    events,
    expected: (json('expected.json') as { cases: ExpectedCase[] }).cases,
  };
}
