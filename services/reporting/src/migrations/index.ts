import { Init1795439000000 } from './1795439000000-init';
import { ForecastAdjustments1795440000000 } from './1795440000000-forecast-adjustments';
import { ReportRounds1795450000000 } from './1795450000000-report-rounds';
import { PublishedVolumes1795460000000 } from './1795460000000-published-volumes';

/** In order. Classes, not globs: the service runs from the compiled tree. */
export const migrations = [
  Init1795439000000,
  ForecastAdjustments1795440000000,
  ReportRounds1795450000000,
  PublishedVolumes1795460000000,
];
