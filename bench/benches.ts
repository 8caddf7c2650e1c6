import type { Bench } from './bench';
import { forecastApplyBench } from './forecast-apply.bench';

/** Every benchmark, in the order `npm run bench` runs them. */
export const benches: Bench[] = [forecastApplyBench];
