import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Module,
  Param,
  Post,
  Query,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import { QueryFailedError } from 'typeorm';
import { JsonLogger } from '../logging/json-logger';
import { MetricsModule } from '../metrics/metrics.module';
import { DATABASE_UNAVAILABLE_MESSAGE, RETRY_AFTER_SECONDS } from './all-exceptions.filter';
import { createServiceApp } from './create-service-app';

// The HTTP shell without a database or broker (those are covered by the services' int tests).
@Controller('v1/probe')
class ProbeController {
  @Post()
  accept(@Body() body: unknown[]) {
    return { received: Array.isArray(body) ? body.length : 1 };
  }
  @Get('crash')
  crash(): never {
    throw new Error('lost connection while writing personnummer 19121212-1212');
  }
  @Get('bad')
  bad(): never {
    throw new BadRequestException('year must be a number');
  }
  @Get('db-refused')
  async dbRefused(): Promise<never> {
    // A real node-postgres error: nothing listens on port 1.
    await new Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2000 }).connect();
    throw new Error('connected to port 1?');
  }
  @Get('db-shutdown')
  dbShutdown(): never {
    const driverError = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    throw new QueryFailedError('select 1', [], driverError);
  }
  @Get('db-constraint')
  dbConstraint(): never {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
    });
    throw new QueryFailedError('insert', [], driverError);
  }
  @Get('echo/:id')
  echo(@Param('id') id: string, @Query('q') q: unknown) {
    return { id, q };
  }
  @Get('invalid')
  invalid(): never {
    throw new UnprocessableEntityException({
      errors: [{ index: 0, id: 'e-1', field: 'data.amount', message: 'at most two decimals' }],
    });
  }
}

@Module({ imports: [MetricsModule.forRoot({ serviceName: 'probe' })], controllers: [ProbeController] })
class ProbeModule {}

describe('createServiceApp (HTTP shell)', () => {
  let app: NestExpressApplication;
  const lines: string[] = [];

  beforeAll(async () => {
    const logger = new JsonLogger({ service: 'probe', level: 'debug', write: (l) => lines.push(l) });
    app = await createServiceApp(ProbeModule, {
      serviceName: 'probe',
      port: 0,
      bodyLimit: '1kb',
      listen: false,
      logger,
    });
  });
  afterAll(() => app.close());

  it('accepts JSON bodies up to the limit', async () => {
    const res = await request(app.getHttpServer())
      .post('/v1/probe')
      .send([{ a: 1 }, { a: 2 }])
      .expect(201);
    expect(res.body).toEqual({ received: 2 });
  });

  it('answers a body over the limit with a JSON 413 naming the limit', async () => {
    const big = [{ note: 'x'.repeat(2048) }];
    const res = await request(app.getHttpServer()).post('/v1/probe').send(big).expect(413);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({ errors: [{ field: 'body', message: 'request body larger than 1kb' }] });
  });

  it('rejects malformed JSON without quoting it back', async () => {
    const res = await request(app.getHttpServer())
      .post('/v1/probe')
      .set('Content-Type', 'application/json')
      .send('{"personnummer": "19121212-1212", oops}')
      .expect(400);
    expect(res.body).toEqual({ errors: [{ field: 'body', message: 'request body is not valid JSON' }] });
  });

  it('turns unexpected errors into a bare 500: no stack, no message', async () => {
    const res = await request(app.getHttpServer()).get('/v1/probe/crash').expect(500);
    expect(res.body).toEqual({ errors: [{ message: 'internal error' }] });
    expect(res.text).not.toMatch(/at |personnummer|lost connection/);
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request failed');
    expect(logged).toMatchObject({
      level: 'error',
      route: '/v1/probe/crash',
      status: 500,
      err: { name: 'Error' },
    });
    expect(JSON.stringify(logged)).not.toContain('19121212-1212');
  });

  it("rewrites Nest's default error shape and keeps ours", async () => {
    const bad = await request(app.getHttpServer()).get('/v1/probe/bad').expect(400);
    expect(bad.body).toEqual({ errors: [{ message: 'year must be a number' }] });
    const invalid = await request(app.getHttpServer()).get('/v1/probe/invalid').expect(422);
    expect(invalid.body).toEqual({
      errors: [{ index: 0, id: 'e-1', field: 'data.amount', message: 'at most two decimals' }],
    });
    const missing = await request(app.getHttpServer()).get('/v1/nothing-here').expect(404);
    expect(missing.body).toEqual({ errors: [{ message: expect.stringMatching(/Cannot GET/) }] });
  });

  it('serves OpenAPI at /docs-json and the UI at /docs', async () => {
    const json = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.info.title).toBe('Ramprognos probe');
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/v1/probe', '/metrics']));
    const ui = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(ui.text).toMatch(/swagger-ui/i);
  });

  it('counts requests by route pattern and status in /metrics', async () => {
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(
      /http_requests_total\{method="POST",route="\/v1\/probe",status="201",service="probe"\} 1/,
    );
    expect(res.text).toMatch(
      /http_requests_total\{method="POST",route="unmatched",status="413",service="probe"\} 1/,
    );
    expect(res.text).toMatch(/process_cpu_user_seconds_total\{service="probe"\}/);
  });

  it('logs one access line per request, without bodies', () => {
    const access = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(access.length).toBeGreaterThanOrEqual(6);
    expect(access[0]).toMatchObject({ context: 'Http', method: 'POST', route: '/v1/probe', status: 201 });
    expect(lines.join('')).not.toContain('xxxxxxxx');
  });

  it('answers 503 with Retry-After when the database is down, and a bare 500 for other database errors', async () => {
    for (const route of ['db-refused', 'db-shutdown']) {
      const res = await request(app.getHttpServer()).get(`/v1/probe/${route}`).expect(503);
      expect(res.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
      expect(res.body).toEqual({ errors: [{ message: DATABASE_UNAVAILABLE_MESSAGE }] });
    }
    const logged = lines
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === 'request refused: database unavailable');
    expect(logged.map((l) => [l.level, l.route, l.error])).toEqual([
      ['warn', '/v1/probe/db-refused', 'Error ECONNREFUSED'],
      ['warn', '/v1/probe/db-shutdown', 'QueryFailedError 57P01'],
    ]);
    const constraint = await request(app.getHttpServer()).get('/v1/probe/db-constraint').expect(500);
    expect(constraint.headers['retry-after']).toBeUndefined();
    expect(constraint.body).toEqual({ errors: [{ message: 'internal error' }] });
  });

  it('refuses a NUL in the path or query of any route with 400 naming the url', async () => {
    await request(app.getHttpServer()).get('/v1/probe/echo/a%C3%A5?q=b').expect(200, { id: 'aå', q: 'b' });
    for (const url of [
      '/v1/probe/echo/a%00',
      '/v1/probe/echo/a?q=%00',
      '/v1/probe/echo/a?q=x%00y',
      '/v1/nothing?%00=1',
    ]) {
      const res = await request(app.getHttpServer()).get(url).expect(400);
      expect(res.body).toEqual({
        errors: [{ field: 'url', message: 'must not contain a NUL character (%00) in its path or query' }],
      });
    }
  });
});
