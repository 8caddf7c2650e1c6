import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GenerationsRepository } from '../../projections/generations/generations.repository';
import type { Forecast } from '../engine/forecast';
import { forecastYear } from '../engine/forecast-engine';
import { buildForecastInput } from '../input/build-forecast-input';
import { databaseFacts } from '../input/database-facts';
import type { FactsQuery } from '../input/forecast-facts';

/** Loads the engine's input from the active projections and runs the engine: the thin shell around the pure core. */
@Injectable()
export class ForecastService {
  constructor(
    private readonly db: DataSource,
    private readonly generations: GenerationsRepository,
  ) {}

  async forecast(query: FactsQuery): Promise<{ forecast: Forecast; generation: number }> {
    const { generation } = await this.generations.active();
    // One snapshot of the database for all the queries of one forecast: events applied meanwhile
    // (late ones with time ≤ knownAt included) are either all in or all out.
    const input = await this.db.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('set transaction read only');
      return buildForecastInput(databaseFacts(manager, generation), query);
    });
    return { forecast: forecastYear(input), generation };
  }
}
