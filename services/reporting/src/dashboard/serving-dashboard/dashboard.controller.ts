import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { errorBody } from '@ramprognos/service-kit';
import type { HttpResponse } from '../../http/express';
import type { Asset } from './dashboard-assets';

export const DASHBOARD_ASSETS = Symbol('DASHBOARD_ASSETS');

// Scripts and styles only from this origin, nothing inline: a pasted token cannot be read by a foreign script.
const CSP = "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** `GET /` and `/assets/*`: the page itself carries no data, so it is open; everything it shows needs the token. */
@ApiExcludeController()
@Controller()
export class DashboardController {
  constructor(@Inject(DASHBOARD_ASSETS) private readonly assets: ReadonlyMap<string, Asset>) {}

  @Get()
  index(@Res() res: HttpResponse): void {
    this.send(res, 'index.html');
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: HttpResponse): void {
    if (file === 'index.html' || !this.assets.has(file)) {
      throw new NotFoundException(errorBody({ field: 'file', message: 'no such asset' }));
    }
    this.send(res, file);
  }

  private send(res: HttpResponse, name: string): void {
    const asset = this.assets.get(name) as Asset;
    res.statusCode = 200;
    res.setHeader('Content-Type', asset.contentType);
    res.setHeader('Content-Length', asset.body.length);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.end(asset.body);
  }
}
