import { createServer, Socket, type Server } from 'node:net';
import { TcpProxy } from './tcp-proxy';

// A local echo server behind the proxy: what the proxy does to bytes and connections.
describe('TcpProxy', () => {
  let echo: Server;
  let proxy: TcpProxy;

  beforeEach(async () => {
    echo = createServer((s) => {
      s.on('error', () => undefined); // the proxy resets it when cutting
      s.pipe(s);
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    const address = echo.address();
    proxy = new TcpProxy({
      host: '127.0.0.1',
      port: typeof address === 'object' && address ? address.port : 0,
    });
    await proxy.start();
  });

  afterEach(async () => {
    await proxy.stop();
    await new Promise<void>((r) => echo.close(() => r()));
  });

  function connect(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const s = new Socket();
      s.once('error', reject);
      s.connect(proxy.port, '127.0.0.1', () => resolve(s));
    });
  }

  function roundTrip(s: Socket, text: string): Promise<string> {
    return new Promise((resolve) => {
      let got = '';
      const onData = (b: Buffer) => {
        got += b.toString();
        if (got.length >= text.length) {
          s.off('data', onData);
          resolve(got);
        }
      };
      s.on('data', onData);
      s.write(text);
    });
  }

  it('passes bytes through in order', async () => {
    const s = await connect();
    const text = Array.from({ length: 200 }, (_, i) => `${i};`).join('');
    expect(await roundTrip(s, text)).toBe(text);
    s.destroy();
  });

  it('delays every chunk by the latency it is given', async () => {
    const s = await connect();
    proxy.setLatency(150);
    const started = Date.now();
    expect(await roundTrip(s, 'ping')).toBe('ping');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280); // both directions
    proxy.setLatency(0);
    s.destroy();
  });

  it('cuts open connections and refuses new ones while told to', async () => {
    const s = await connect();
    await roundTrip(s, 'x');
    const closed = new Promise<void>((r) => s.once('close', () => r()));
    s.on('error', () => undefined);
    proxy.setRefusing(true);
    expect(proxy.cutAll()).toBe(1);
    await closed;
    // Refused: accepted and reset at once, so the client sees a reset or a close, never an echo.
    const refused = await new Promise<boolean>((resolve) => {
      const c = new Socket();
      c.on('error', () => undefined);
      c.once('data', () => resolve(false));
      c.once('close', () => resolve(true));
      c.connect(proxy.port, '127.0.0.1', () => c.write('y'));
    });
    expect(refused).toBe(true);
    proxy.setRefusing(false);
    const again = await connect();
    expect(await roundTrip(again, 'back')).toBe('back');
    again.destroy();
    expect(proxy.counters()).toMatchObject({ cut: 1, refused: 1 });
  });
});
