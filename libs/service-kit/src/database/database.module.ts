import { type DynamicModule, Logger, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions, type MigrationInterface, type EntitySchema } from 'typeorm';
import { TypeOrmJsonLogger } from '../logging/typeorm-logger';
import { ensureDatabaseAndSchema, quoteIdent, runMigrationsLocked } from './prepare-database';

export interface DatabaseModuleOptions {
  /** postgres://… (DATABASE_URL). */
  readonly url: string;
  /** The service's own schema (DB_SCHEMA); tables, migrations table and search_path live there. */
  readonly schema: string;
  /** Migration classes, imported (not globs): the services run from the compiled tree. */
  readonly migrations: ReadonlyArray<Type<MigrationInterface>>;
  readonly entities?: ReadonlyArray<Type<unknown> | EntitySchema>;
  /** application_name seen in pg_stat_activity. */
  readonly applicationName?: string;
  readonly poolSize?: number;
  /** Connection attempts at boot before giving up (3 s apart); default 10. */
  readonly retryAttempts?: number;
}

/**
 * TypeORM on the service's own PostgreSQL schema. At boot it creates the database and schema
 * when missing, then runs the service's migrations (under an advisory lock) before anything
 * else starts; `synchronize` stays off. Raw SQL needs no schema prefix: search_path is the
 * service's schema.
 */
export function databaseModule(options: DatabaseModuleOptions): DynamicModule {
  const logger = new Logger('Database');
  const dataSourceOptions: DataSourceOptions = {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: [...(options.entities ?? [])],
    migrations: [...options.migrations],
    migrationsTableName: 'migrations',
    migrationsRun: false, // run below, under a lock
    synchronize: false,
    logger: new TypeOrmJsonLogger(),
    logging: ['error', 'warn', 'migration'],
    maxQueryExecutionTime: 1000,
    applicationName: options.applicationName,
    poolSize: options.poolSize ?? 10,
    extra: { options: `-c search_path=${quoteIdent(options.schema)}` },
  };
  return TypeOrmModule.forRootAsync({
    useFactory: () => ({
      ...dataSourceOptions,
      retryAttempts: options.retryAttempts ?? 10,
      retryDelay: 3000,
    }),
    dataSourceFactory: async (factoryOptions) => {
      await ensureDatabaseAndSchema(options.url, options.schema);
      const dataSource = await new DataSource(factoryOptions ?? dataSourceOptions).initialize();
      try {
        const applied = await runMigrationsLocked(dataSource, options.schema);
        logger.log({ msg: 'database ready', schema: options.schema, migrationsApplied: applied });
      } catch (error) {
        await dataSource.destroy().catch(() => undefined);
        throw error;
      }
      return dataSource;
    },
  });
}
