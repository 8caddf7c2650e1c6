import type { Bench } from './bench';
import { forecastApplyBench } from './forecast-apply.bench';
import { ingestBench } from './ingest.bench';

/** Every benchmark, in the order `npm run bench` runs them. */
export const benches: Bench[] = [forecastApplyBench, ingestBench];
