import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Module,
  Post,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { JsonLogger } from '../logging/json-logger';
import { MetricsModule } from '../metrics/metrics.module';
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
});
