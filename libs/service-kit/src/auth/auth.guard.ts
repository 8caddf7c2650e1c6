import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { errorBody } from '../http/error-body';
import type { Principal, Role } from './roles';
import { AuthError, TokenVerifier } from './token-verifier';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
const ROLES_KEY = 'ramprognos:roles';

/** The roles that may call a route (any of them); a route without @Roles is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

interface AuthenticatedRequest {
  headers: Record<string, string | undefined>;
  principal?: Principal;
}

/** The verified caller of the current request. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);

/** Bearer JWT with one of the route's roles: 401 when missing or invalid, 403 when under-privileged. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    let principal: Principal;
    try {
      principal = await this.verifier.verify(request.headers.authorization);
    } catch (error) {
      if (error instanceof AuthError) throw new UnauthorizedException(errorBody({ field: 'authorization', message: error.message }));
      throw error;
    }
    if (!allowed || !principal.roles.some((role) => allowed.includes(role))) {
      throw new ForbiddenException(
        errorBody({ field: 'authorization', message: `this needs one of the roles: ${(allowed ?? []).join(', ') || 'none'}` }),
      );
    }
    request.principal = principal;
    return true;
  }
}
