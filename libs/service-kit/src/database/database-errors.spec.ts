import { TransientError } from '@ramprognos/messaging';
import { createServer, type Server } from 'node:net';
import { Client } from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { databaseFailureKind, isTransientDatabaseError } from './database-errors';

// Shapes as node-postgres and TypeORM raise them; the int spec next to this file provokes the
// real ones from a real server (terminated backends, a role out of connections).

const pgError = (code: string, message = 'from the server') => Object.assign(new Error(message), { code });
const typeorm = (driverError: Error) => new QueryFailedError('select 1', [], driverError);

async function listen(
  onConnection: (socket: import('node:net').Socket) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

describe('isTransientDatabaseError', () => {
  it.each([
    ['08000', 'connection_exception'],
    ['08003', 'connection_does_not_exist'],
    ['08006', 'connection_failure'],
    ['08001', 'sqlclient_unable_to_establish_sqlconnection'],
    ['08P01', 'protocol_violation'],
    ['57P01', 'admin_shutdown'],
    ['57P02', 'crash_shutdown'],
    ['57P03', 'cannot_connect_now'],
    ['53300', 'too_many_connections'],
    ['53200', 'out_of_memory'],
    ['40001', 'serialization_failure'],
    ['40P01', 'deadlock_detected'],
  ])('SQLSTATE %s (%s) is transient, raw and wrapped by TypeORM', (code) => {
    expect(isTransientDatabaseError(pgError(code))).toBe(true);
    expect(isTransientDatabaseError(typeorm(pgError(code)))).toBe(true);
    expect(databaseFailureKind(typeorm(pgError(code)))).toBe('transient');
  });

  it.each([
    ['23505', 'unique_violation'],
    ['23502', 'not_null_violation'],
    ['22P02', 'invalid_text_representation'],
    ['22021', 'character_not_in_repertoire (a NUL)'],
    ['42601', 'syntax_error'],
    ['42P01', 'undefined_table'],
    ['28P01', 'invalid_password'],
    ['55000', 'object_not_in_prerequisite_state'],
  ])('SQLSTATE %s (%s) is permanent: it fails the same way every time', (code) => {
    expect(isTransientDatabaseError(pgError(code))).toBe(false);
    expect(databaseFailureKind(typeorm(pgError(code)))).toBe('permanent');
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])(
    'socket error %s is transient',
    (code) => {
      expect(isTransientDatabaseError(pgError(code, `connect ${code} 127.0.0.1:5432`))).toBe(true);
    },
  );

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'Connection terminated',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error and is not queryable',
  ])('node-postgres message %j (no code) is transient', (message) => {
    expect(isTransientDatabaseError(new Error(message))).toBe(true);
    expect(isTransientDatabaseError(typeorm(new Error(message)))).toBe(true);
  });

  it("takes TypeORM's QueryRunnerAlreadyReleasedError as transient: the runner's connection died", () => {
    expect(isTransientDatabaseError(new QueryRunnerAlreadyReleasedError())).toBe(true);
  });

  it('looks through cause and AggregateError (Node 20 tries every address of a host)', () => {
    expect(isTransientDatabaseError(new Error('wrapped', { cause: pgError('57P01') }))).toBe(true);
    const aggregate = new AggregateError([pgError('ECONNREFUSED'), pgError('ECONNREFUSED')], '');
    expect(isTransientDatabaseError(aggregate)).toBe(true);
    expect(databaseFailureKind(new TransientError('later', { cause: pgError('23505') }))).toBe('transient');
  });

  it('is false for what is not a database outage', () => {
    for (const error of [
      new Error('lost connection while writing personnummer 19121212-1212'),
      new TypeError("Cannot read properties of undefined (reading 'amount')"),
      new Error('expected one active projection generation, found 0'),
      pgError('E_SOMETHING'),
      pgError('57P0'),
      null,
      undefined,
      'Connection terminated unexpectedly',
      42,
    ]) {
      expect(isTransientDatabaseError(error)).toBe(false);
      expect(databaseFailureKind(error)).toBe('permanent');
    }
  });

  it('stops on a cycle of causes', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    const b: Error & { cause?: unknown } = new Error('b', { cause: a });
    a.cause = b;
    expect(isTransientDatabaseError(a)).toBe(false);
  });

  it('classifies real node-postgres errors: a refused connection and a server that hangs up', async () => {
    const refused = await new Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2000 })
      .connect()
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isTransientDatabaseError(refused)).toBe(true);

    // Accepts, then closes without a word: what a database that is going down looks like.
    const { server, port } = await listen((socket) => socket.destroy());
    try {
      const hungUp = await new Client({ host: '127.0.0.1', port, connectionTimeoutMillis: 2000 })
        .connect()
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(hungUp).toBeInstanceOf(Error);
      expect((hungUp as Error).message).toMatch(/Connection terminated/);
      expect(isTransientDatabaseError(hungUp)).toBe(true);
      expect(databaseFailureKind(hungUp)).toBe('transient');
    } finally {
      server.close();
    }
  });
});
