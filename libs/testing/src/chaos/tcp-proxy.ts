import { createServer, Socket, type Server } from 'node:net';

/** What the proxy does to the bytes of the connections it carries. */
export interface ProxyState {
  /** Extra delay per chunk, each direction (ms); 0 = pass through. */
  readonly latencyMs: number;
  /** New connections are accepted and closed at once (the server looks down, not absent). */
  readonly refusing: boolean;
}

export interface ProxyCounters {
  readonly accepted: number;
  readonly refused: number;
  readonly cut: number;
  readonly delayedChunks: number;
}

/**
 * A TCP proxy for fault injection: services connect to it instead of the real server, and a test
 * can delay traffic, cut every open connection mid-stream, or refuse new ones for a while. It
 * sits in front of PostgreSQL in the chaos suite (a proxy in front of Kafka would only see the
 * bootstrap connection: the broker advertises its own listener).
 *
 * Delays keep the byte order of each direction: a chunk is never sent before the one before it.
 */
export class TcpProxy {
  private server?: Server;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private state: ProxyState = { latencyMs: 0, refusing: false };
  private readonly counts = { accepted: 0, refused: 0, cut: 0, delayedChunks: 0 };
  private boundPort = 0;

  constructor(
    private readonly target: { readonly host: string; readonly port: number },
    private readonly listen: { readonly host?: string; readonly port?: number } = {},
  ) {}

  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<number> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listen.port ?? 0, this.listen.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
    return this.boundPort;
  }

  async stop(): Promise<void> {
    this.cutAll();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  setLatency(latencyMs: number): void {
    this.state = { ...this.state, latencyMs: Math.max(0, latencyMs) };
  }

  setRefusing(refusing: boolean): void {
    this.state = { ...this.state, refusing };
  }

  /** Resets every open connection (both sides see an abrupt close); returns how many were cut. */
  cutAll(): number {
    const open = [...this.pairs];
    for (const pair of open) {
      pair.client.resetAndDestroy();
      pair.upstream.resetAndDestroy();
    }
    this.pairs.clear();
    this.counts.cut += open.length;
    return open.length;
  }

  openConnections(): number {
    return this.pairs.size;
  }

  counters(): ProxyCounters {
    return { ...this.counts };
  }

  private accept(client: Socket): void {
    if (this.state.refusing) {
      this.counts.refused += 1;
      client.resetAndDestroy();
      return;
    }
    this.counts.accepted += 1;
    const upstream = new Socket();
    const pair = { client, upstream };
    this.pairs.add(pair);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    this.pipe(client, upstream);
    this.pipe(upstream, client);
    upstream.connect(this.target.port, this.target.host);
  }

  private pipe(from: Socket, to: Socket): void {
    // A chain per direction keeps order when the latency changes between chunks.
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      const delay = this.state.latencyMs;
      if (delay === 0) {
        chain = chain.then(() => {
          if (!to.destroyed) to.write(chunk);
        });
        return;
      }
      this.counts.delayedChunks += 1;
      from.pause();
      chain = chain
        .then(() => new Promise<void>((resolve) => setTimeout(resolve, delay)))
        .then(() => {
          if (!to.destroyed) to.write(chunk);
          if (!from.destroyed) from.resume();
        });
    });
    from.on('end', () => {
      chain = chain.then(() => {
        if (!to.destroyed) to.end();
      });
    });
  }
}
