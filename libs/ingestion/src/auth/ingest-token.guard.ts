import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { errorBody } from '@ramprognos/service-kit';
import type { IncomingMessage } from 'node:http';
import { IngestAuthority, type IngestPrincipal } from './ingest-authority';

export type IngestRequest = IncomingMessage & { ingestPrincipal?: IngestPrincipal };

/** 401 unless the request carries a token of INGEST_TOKENS; the sources are checked per event later. */
@Injectable()
export class IngestTokenGuard implements CanActivate {
  constructor(@Inject(IngestAuthority) private readonly authority: IngestAuthority) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IngestRequest>();
    const result = this.authority.authenticate(request.headers.authorization);
    if (!result.ok)
      throw new UnauthorizedException(errorBody({ field: 'authorization', message: result.message }));
    request.ingestPrincipal = result.principal;
    return true;
  }
}

/** The principal the guard put on the request. */
export function principalOf(request: IngestRequest): IngestPrincipal {
  if (request.ingestPrincipal === undefined) throw new Error('IngestTokenGuard did not run for this route');
  return request.ingestPrincipal;
}
