/** One problem in an error reply. `field` names the offending input when there is one. */
export interface ErrorItem {
  readonly field?: string;
  readonly message: string;
  readonly [key: string]: unknown;
}

/** Every error reply of every service: `{ "errors": [...] }` (SPEC §8 extends items with index/id). */
export interface ErrorBody {
  readonly errors: readonly ErrorItem[];
}

export function errorBody(...errors: ErrorItem[]): ErrorBody {
  return { errors };
}
