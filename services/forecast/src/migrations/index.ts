import { Init1795439000000 } from './1795439000000-init';
import { ForecastSnapshots1795439100000 } from './1795439100000-forecast-snapshots';

/** In order. Classes, not globs: the service runs from the compiled tree. */
export const migrations = [Init1795439000000, ForecastSnapshots1795439100000];
