import { Global, Module } from '@nestjs/common';
import { PostgresPublishedVolumeStore } from './postgres-published-volume-store';
import { PUBLISHED_VOLUME_STORE } from './published-volume-store';
import { VolumePublisher } from './volume-publisher';

/** The volumes published to the ekonom role: read by the report, the monthly series and the rounds. */
@Global()
@Module({
  providers: [{ provide: PUBLISHED_VOLUME_STORE, useClass: PostgresPublishedVolumeStore }, VolumePublisher],
  exports: [VolumePublisher],
})
export class PublishedVolumesModule {}
