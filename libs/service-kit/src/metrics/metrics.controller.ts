import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpResponse } from '../http/express-types';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from './http-metrics';

@ApiTags('ops')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  async metrics(@Res({ passthrough: true }) res: HttpResponse): Promise<string> {
    res.setHeader('Content-Type', this.registry.contentType);
    return this.registry.metrics();
  }
}
