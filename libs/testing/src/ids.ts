import { randomBytes } from 'node:crypto';

/** A fresh id per test, so tests never need to truncate shared tables or topics. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** A fresh PostgreSQL schema name (lowercase identifier) for one test's service instance. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.toLowerCase();
}
