import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLoggerInterface } from 'typeorm';

/**
 * TypeORM's log calls routed to the JSON logger. Query parameters are never logged (they are
 * the rows: payloads, amounts, ids); the SQL text with its $n placeholders is.
 */
export class TypeOrmJsonLogger implements TypeOrmLoggerInterface {
  private readonly logger = new Logger('TypeORM');

  logQuery(query: string): void {
    this.logger.verbose({ msg: 'query', sql: query });
  }
  logQueryError(error: string | Error, query: string): void {
    const message = typeof error === 'string' ? error : error.message;
    this.logger.error({ msg: 'query failed', error: message, sql: query });
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ msg: 'slow query', ms: time, sql: query });
  }
  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }
  logMigration(message: string): void {
    this.logger.log(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
