import { Module } from '@nestjs/common';
import { ActualsController } from './actuals/actuals.controller';
import { ProjectionWriter } from './applying-events/projection-writer';
import { ProjectionConsumers } from './consuming-events/projection-consumers';
import { GenerationsRepository } from './generations/generations.repository';
import { RebuildController } from './rebuilding/rebuild.controller';
import { ProjectionStatus, StatusController, StatusMetrics } from '../status/status.controller';
import { DataSource } from 'typeorm';

/** Projections of actual cost and volume: consumed from Kafka, queried by the reporting service. */
@Module({
  controllers: [ActualsController, RebuildController, StatusController],
  providers: [
    GenerationsRepository,
    { provide: ProjectionWriter, useFactory: (db: DataSource) => new ProjectionWriter(db), inject: [DataSource] },
    ProjectionConsumers,
    ProjectionStatus,
    StatusMetrics,
  ],
  exports: [GenerationsRepository],
})
export class ProjectionsModule {}
