import { Logger } from '@nestjs/common';
import { JsonLogger } from './json-logger';
import { maskPersonnummer } from './redact';

const NOW = new Date('2024-03-01T12:00:00.000Z');

function capture(level?: ConstructorParameters<typeof JsonLogger>[0]['level']) {
  const lines: string[] = [];
  const logger = new JsonLogger({ service: 'intake', level, write: (l) => lines.push(l), now: () => NOW });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, parsed };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with time, level, service, context and msg', () => {
    const { logger, lines, parsed } = capture();
    logger.log('outbox relay started', 'OutboxRelay');
    logger.warn({ msg: 'consumer lagging', lag: 12, topic: 'socialtjanst.cases.v1' }, 'CasesConsumer');
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    expect(parsed()).toEqual([
      {
        time: NOW.toISOString(),
        level: 'info',
        service: 'intake',
        context: 'OutboxRelay',
        msg: 'outbox relay started',
      },
      {
        time: NOW.toISOString(),
        level: 'warn',
        service: 'intake',
        context: 'CasesConsumer',
        msg: 'consumer lagging',
        lag: 12,
        topic: 'socialtjanst.cases.v1',
      },
    ]);
  });

  it("takes Nest's error(message, stack, context) and Errors", () => {
    const { logger, parsed } = capture();
    const error = new Error('boom');
    logger.error('handler failed', error.stack, 'Handler');
    logger.error({ msg: 'publish failed' }, error, 'Relay');
    const [first, second] = parsed();
    expect(first).toMatchObject({ level: 'error', context: 'Handler', msg: 'handler failed' });
    expect(first.stack).toMatch(/^Error: boom\n\s+at /);
    expect(second).toMatchObject({ msg: 'publish failed', err: { name: 'Error', message: 'boom' } });
  });

  it('works behind Nest Logger instances once installed', () => {
    const { logger, parsed } = capture();
    Logger.overrideLogger(logger);
    try {
      new Logger('PaymentsConsumer').log({ msg: 'applied', offset: '42' });
    } finally {
      Logger.overrideLogger(true);
    }
    expect(parsed()).toEqual([
      expect.objectContaining({ context: 'PaymentsConsumer', msg: 'applied', offset: '42' }),
    ]);
  });

  it('never writes payloads, credentials or personnummer', () => {
    const { logger, lines } = capture();
    const event = {
      id: 'e-1',
      type: 'se.socialtjanst.case.opened.v1',
      data: { caseId: 'c-1', personnummer: '19121212-1212', amount: '1234.50' },
    };
    logger.log({ msg: 'received', event, body: event, headers: { authorization: 'Bearer t0ken' } });
    logger.warn('rejected 19121212-1212 and 121212-1212 from urn:x');
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint'), {
      detail: 'Key (source, id)=(urn:x, 191212121212) already exists.',
      parameters: ['191212121212', '1234.50'],
    });
    logger.error({ msg: 'insert failed' }, pgError);
    const all = lines.join('');
    for (const secret of ['1212-1212', '121212121212', '1234.50', 't0ken', 'caseId'])
      expect(all).not.toContain(secret);
    expect(all).toContain('[redacted]');
    expect(all).toContain('rejected [personnummer] and [personnummer] from urn:x');
    expect(all).toContain('duplicate key value violates unique constraint');
  });

  it('keeps numbers that only look like a personnummer when the check digit fails', () => {
    expect(maskPersonnummer('offset 1912121213')).toBe('offset 1912121213');
    expect(maskPersonnummer('epoch 1763900000')).toBe('epoch 1763900000');
    expect(maskPersonnummer('id 191212121212.')).toBe('id [personnummer].');
  });

  it('filters by level and does not let fields overwrite the envelope', () => {
    const { logger, parsed } = capture('warn');
    logger.log('hidden');
    logger.debug('hidden');
    logger.warn({ msg: 'shown', level: 'fake', service: 'other' });
    expect(parsed()).toEqual([
      {
        time: NOW.toISOString(),
        level: 'warn',
        service: 'intake',
        msg: 'shown',
        level_: 'fake',
        service_: 'other',
      },
    ]);
  });
});
