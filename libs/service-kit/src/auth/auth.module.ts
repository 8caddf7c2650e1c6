import { type DynamicModule, Global, Module } from '@nestjs/common';
import { JwtAuthGuard, TOKEN_VERIFIER } from './auth.guard';
import { type AuthOptions, TokenVerifier } from './token-verifier';

/** JWT verification for the routes that use `@UseGuards(JwtAuthGuard) @Roles(...)`. */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: TOKEN_VERIFIER, useValue: new TokenVerifier(options) }, JwtAuthGuard],
      exports: [TOKEN_VERIFIER, JwtAuthGuard],
    };
  }
}
