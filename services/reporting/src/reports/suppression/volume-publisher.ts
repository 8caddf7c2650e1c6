import { BadGatewayException, Inject, Injectable } from '@nestjs/common';
import { errorBody } from '@ramprognos/service-kit';
import { budgetAsOf, type BudgetState, type Clock } from '../../budgets';
import { householdGroups } from '../../classification';
import { CLOCK } from '../../clock';
import {
  FORECAST_QUERIES,
  type ForecastQueries,
  type ReportPeriod,
} from '../../forecast-client/forecast-queries';
import { computeBudgetDeviation } from '../budget-deviation/compute-budget-deviation';
import { fromForecast, householdForecastVolumes, keyForecastsOf } from '../budget-deviation/forecast-inputs';
import { householdMonthsByLine } from '../budget-deviation/inputs';
import { monthEnd, publicationInstant, publishedMonth } from './publication';
import {
  PUBLISHED_VOLUME_STORE,
  type PublishedCell,
  type PublishedVolumeStore,
} from './published-volume-store';
import { NOTHING_PUBLISHED, monthlyCounts, type PublishedVolumes } from './suppress-small-counts';

export interface PublishedVolumesRequest {
  /** The adopted budget of the year. */
  readonly state: BudgetState;
  readonly year: number;
  readonly asOf: string;
  /** The report's knowledge time. */
  readonly knownAt: string;
  /** The caller's Authorization header, forwarded to the forecast service. */
  readonly authorization: string | undefined;
}

/**
 * The published volumes a report for the ekonom role may show (README "Small counts", P1): the
 * months through the last one that has ended by asOf and is published by knownAt (and by now).
 * A month that nobody has needed yet is published on first use — computed at its own publication
 * instant, whenever that first use is — and stored for good.
 */
@Injectable()
export class VolumePublisher {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    @Inject(PUBLISHED_VOLUME_STORE) private readonly store: PublishedVolumeStore,
    @Inject(FORECAST_QUERIES) private readonly forecast: ForecastQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async published(request: PublishedVolumesRequest): Promise<PublishedVolumes> {
    const { state, year, asOf } = request;
    // Never a month whose publication instant is still to come: it would be taken with data still arriving.
    const limit = Math.min(Date.parse(request.knownAt), this.clock.now().getTime());
    const through = publishedMonth(year, asOf, limit);
    const lines = budgetAsOf(state, asOf).lines.filter((l) => l.volume !== undefined);
    if (through === 0 || lines.length === 0) return NOTHING_PUBLISHED;

    let months = await this.store.load(year);
    const missing = Array.from({ length: through }, (_, i) => i + 1).filter((m) => !months.has(m));
    if (missing.length > 0) {
      // One month after the other: a first report of the year must not ask the forecast service
      // for twelve forecasts at once.
      for (const m of missing) await this.publishOnce(state, year, m, request.authorization);
      months = await this.store.load(year);
    }
    return {
      through: monthEnd(year, through),
      knownAt: months.get(through)?.knownAt ?? publicationInstant(year, through),
      lines: lines.map((line) => ({
        code: line.code,
        months: Array.from(
          { length: through },
          (_, i) => months.get(i + 1)?.cells.get(line.code)?.count ?? null,
        ),
        forecastFullYear: months.get(through)?.cells.get(line.code)?.forecastFullYear ?? null,
      })),
    };
  }

  /** Concurrent reports that need the same month share one publication (the store keeps the first anyway). */
  private publishOnce(
    state: BudgetState,
    year: number,
    month: number,
    authorization: string | undefined,
  ): Promise<void> {
    const id = `${year}-${month}`;
    const running = this.inFlight.get(id);
    if (running !== undefined) return running;
    const publication = this.publish(state, year, month, authorization).finally(() =>
      this.inFlight.delete(id),
    );
    this.inFlight.set(id, publication);
    return publication;
  }

  /** Month m's counts and forecast volume per line, as known at its publication instant. */
  private async publish(
    state: BudgetState,
    year: number,
    month: number,
    authorization: string | undefined,
  ): Promise<void> {
    const period: ReportPeriod = {
      year,
      asOf: monthEnd(year, month),
      knownAt: publicationInstant(year, month),
    };
    const budget = budgetAsOf(state, period.asOf);
    const groups = householdGroups(budget.lines);
    const [actuals, households, forecast] = await Promise.all([
      this.forecast.actuals(period, authorization),
      Object.keys(groups).length > 0
        ? this.forecast.households(period, groups, authorization)
        : Promise.resolve({}),
      this.forecast.forecasts(period, authorization),
    ]);
    if (forecast !== null && (forecast.year !== year || forecast.asOf !== period.asOf)) {
      throw new BadGatewayException(
        errorBody({
          field: 'forecast',
          message: `the forecast service answered for ${forecast.year} through ${forecast.asOf}`,
        }),
      );
    }
    const cells: PublishedCell[] = fromForecast(() => {
      const counts = monthlyCounts(budget.lines, actuals, households, period.asOf);
      // The forecast volume exactly as the report at that point computes it.
      const report = computeBudgetDeviation({
        budget: state,
        year,
        asOf: period.asOf,
        knownAt: period.knownAt,
        groupBy: 'line',
        actuals,
        households,
        ...(forecast === null
          ? {}
          : {
              forecast: keyForecastsOf(forecast.keys),
              forecastVolumes: householdForecastVolumes(
                budget.lines,
                forecast.keys,
                householdMonthsByLine(households, year, period.asOf),
              ),
            }),
      });
      const forecastOf = new Map(report.rows.map((r) => [r.code, r.volume?.forecastFullYear ?? null]));
      return budget.lines
        .filter((l) => l.volume !== undefined)
        .map((l) => ({
          line: l.code,
          count: counts.get(l.code)?.[month - 1] ?? 0,
          forecastFullYear: forecastOf.get(l.code) ?? null,
        }));
    });
    await this.store.publish(year, month, period.knownAt, cells);
  }
}
