import type { Bench } from './bench';

/** Every benchmark, in the order `npm run bench` runs them. */
export const benches: Bench[] = [];
