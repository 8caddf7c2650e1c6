// A fake of our own forecast service's query API for the reporting service's integration tests:
// actuals and households computed by the stand-in from CloudEvents, forecasts and snapshots as the
// test sets them, and a record of what reporting sent (paths, Authorization headers).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReferenceEvent } from '@ramprognos/testing';
import { actualsOf, book, householdsOf, type Booked } from './forecast-stand-in';

export interface Period {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
}

/** An answer: a JSON body (200), or a status with no body, e.g. 404 for "not built yet". */
export type Canned = { readonly status: number; readonly body?: unknown };

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

export class FakeForecastServer {
  private server?: Server;
  private readonly booked = new Map<string, Booked>();
  readonly received: ReceivedRequest[] = [];
  /** GET /v1/forecasts; default 404 (the engine is not there). */
  forecasts: (period: Period) => Canned = () => ({ status: 404 });
  /** GET /v1/snapshots?year; default 404. */
  snapshots: (year: number) => Canned = () => ({ status: 404 });
  /** GET /v1/snapshots/{id}; default 404. */
  snapshot: (id: string) => Canned = () => ({ status: 404 });
  status: () => Canned = () => ({ status: 200, body: { caughtUp: true, eventsApplied: 42, topics: [] } });
  /** Milliseconds to wait before answering anything (timeouts). */
  delayMs = 0;
  /** Overrides every answer, e.g. a 500. */
  fail: Canned | null = null;

  constructor(private readonly events: readonly ReferenceEvent[]) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (address === undefined) throw new Error('the fake forecast server is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private bookedAt(asOf: string, knownAt: string): Booked {
    const id = `${asOf}|${knownAt}`;
    let booked = this.booked.get(id);
    if (booked === undefined) {
      booked = book(this.events, asOf, knownAt);
      this.booked.set(id, booked);
    }
    return booked;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    this.received.push({
      method: req.method ?? '',
      path: `${url.pathname}${url.search}`,
      authorization: req.headers.authorization,
      body,
    });
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const reply = (canned: Canned): void => {
      if (res.destroyed) return;
      res.statusCode = canned.status;
      if (canned.body === undefined) {
        res.end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(canned.body));
    };
    if (this.fail !== null) return reply(this.fail);
    const period = (source: Record<string, unknown>): Period => ({
      year: Number(source.year),
      asOf: String(source.asOf),
      knownAt: String(source.knownAt),
    });
    if (req.method === 'GET' && url.pathname === '/v1/actuals') {
      const p = period(Object.fromEntries(url.searchParams));
      return reply({
        status: 200,
        body: actualsOf(this.bookedAt(p.asOf, p.knownAt), p.year, p.asOf, p.knownAt),
      });
    }
    if (req.method === 'POST' && url.pathname === '/v1/queries/households') {
      const b = body as Record<string, unknown> & { groups: Record<string, string[]> };
      const p = period(b);
      return reply({
        status: 200,
        body: { ...p, groups: householdsOf(this.bookedAt(p.asOf, p.knownAt), p.year, b.groups) },
      });
    }
    if (req.method === 'GET' && url.pathname === '/v1/forecasts') {
      return reply(this.forecasts(period(Object.fromEntries(url.searchParams))));
    }
    if (req.method === 'GET' && url.pathname === '/v1/snapshots') {
      return reply(this.snapshots(Number(url.searchParams.get('year'))));
    }
    if (req.method === 'GET' && url.pathname.startsWith('/v1/snapshots/')) {
      return reply(this.snapshot(decodeURIComponent(url.pathname.slice('/v1/snapshots/'.length))));
    }
    if (req.method === 'GET' && url.pathname === '/v1/status') return reply(this.status());
    return reply({ status: 404 });
  }
}
