// The example data set (test-fixtures/examples) loaded into a reporting service: budget and
// adjustments posted over HTTP, events behind the fake forecast service.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadExampleFixtures, type ExampleFixtures } from '@ramprognos/testing';
import request from 'supertest';
import { FakeForecastServer } from './fake-forecast-server';
import { bearer, startReporting, TestClock, type ReportingApp } from './reporting-app';

export interface ExampleSetup {
  readonly fixtures: ExampleFixtures;
  readonly forecast: FakeForecastServer;
  readonly reporting: ReportingApp;
  readonly app: NestExpressApplication;
  readonly clock: TestClock;
  close(): Promise<void>;
}

let fixtures: ExampleFixtures | undefined;

/** After every event of the example (the last is recorded 2024-01-22): "now" knows them all. */
export const AFTER_EVERYTHING = '2025-01-01T00:00:00.000Z';

export async function startExample(): Promise<ExampleSetup> {
  fixtures ??= loadExampleFixtures();
  const forecast = await new FakeForecastServer(fixtures.events).start();
  const clock = new TestClock(new Date(AFTER_EVERYTHING));
  const reporting = await startReporting({ forecastUrl: forecast.url, clock });
  const server = reporting.app.getHttpServer();
  const controller = await bearer(['controller'], 'karin.controller');
  await request(server)
    .post('/v1/budgets')
    .set('Authorization', controller)
    .send(fixtures.budget)
    .expect(201);
  for (const adjustment of fixtures.adjustments) {
    await request(server)
      .post('/v1/budgets/2023/adjustments')
      .set('Authorization', controller)
      .send(adjustment)
      .expect(201);
  }
  return {
    fixtures,
    forecast,
    reporting,
    app: reporting.app,
    clock,
    async close() {
      await reporting.close();
      await forecast.stop();
    },
  };
}
