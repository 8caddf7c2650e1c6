import { logLevel } from 'kafkajs';
import { jsonLineLogger, jsonLogCreator, safeFields } from './log';

describe('safeFields', () => {
  it('drops buffers and payload-like keys, keeps metadata', () => {
    expect(
      safeFields({
        topic: 't',
        partition: 2,
        ok: true,
        payload: Buffer.from('secret'),
        value: 'secret',
        buffer: 'secret',
        nested: { broker: '127.0.0.1:9092', messages: ['secret'], raw: Buffer.from('secret') },
        error: new Error('boom'),
        assignment: { t: [0, 1] },
      }),
    ).toEqual({
      topic: 't',
      partition: 2,
      ok: true,
      nested: { broker: '127.0.0.1:9092' },
      error: { name: 'Error', message: 'boom' },
      assignment: { t: [0, 1] },
    });
  });

  it('bounds long strings and deep objects', () => {
    const deep = { a: { b: { c: { d: { e: 'too deep' } } } } };
    expect(safeFields(deep)).toEqual({ a: { b: { c: {} } } });
    expect(String(safeFields({ s: 'y'.repeat(5000) }).s).length).toBe(2001);
  });
});

describe('jsonLineLogger and jsonLogCreator', () => {
  it('writes one JSON line per kafkajs entry, without payload fields; error responses (retried) as warn', () => {
    const lines: string[] = [];
    const log = jsonLogCreator(jsonLineLogger((l) => lines.push(l)))(logLevel.INFO);
    log({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: {
        timestamp: 'x',
        message: 'Response Produce',
        broker: '127.0.0.1:9092',
        payload: Buffer.from('secret'),
      },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    const parsed = JSON.parse(lines[0]);
    expect(parsed).toMatchObject({
      level: 'warn',
      logger: 'kafkajs',
      namespace: 'Connection',
      message: 'Response Produce',
      broker: '127.0.0.1:9092',
    });
    expect(parsed.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(lines[0]).not.toContain('secret');
  });

  it('downgrades the expected warning about bounded idempotent retries to debug', () => {
    const lines: string[] = [];
    jsonLogCreator(jsonLineLogger((l) => lines.push(l)))(logLevel.INFO)({
      namespace: 'Producer',
      level: logLevel.WARN,
      label: 'WARN',
      log: {
        timestamp: 'x',
        message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      },
    });
    expect(JSON.parse(lines[0]).level).toBe('debug');
  });

  it('keeps errors outside protocol responses at error level', () => {
    const lines: string[] = [];
    jsonLogCreator(jsonLineLogger((l) => lines.push(l)))(logLevel.INFO)({
      namespace: 'Consumer',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { timestamp: 'x', message: 'Crash: KafkaJSNonRetriableError: boom' },
    });
    expect(JSON.parse(lines[0]).level).toBe('error');
  });
});
