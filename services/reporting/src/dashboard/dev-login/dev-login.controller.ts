import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post, UnprocessableEntityException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { errorBody, signLocalToken } from '@ramprognos/service-kit';
import { devLoginRequestSchema, type DevLoginSettings } from './dev-login';

export const DEV_LOGIN = Symbol('DEV_LOGIN');

/** Not in the OpenAPI document: it is not part of the product, only of a developer's machine. */
@ApiExcludeController()
@Controller('v1/dev/login')
export class DevLoginController {
  constructor(@Inject(DEV_LOGIN) private readonly settings: DevLoginSettings) {}

  @Get()
  enabled(): { enabled: boolean } {
    return { enabled: this.settings.secret !== null };
  }

  @Post()
  @HttpCode(200)
  async login(@Body() body: unknown): Promise<{ token: string; expiresIn: string }> {
    if (this.settings.secret === null) {
      throw new NotFoundException(errorBody({ field: 'login', message: 'the local login is off (DASHBOARD_DEV_LOGIN)' }));
    }
    const parsed = devLoginRequestSchema.safeParse(body);
    if (!parsed.success) {
      throw new UnprocessableEntityException(
        errorBody(...parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }))),
      );
    }
    const expiresIn = '8h';
    const token = await signLocalToken(this.settings.secret, { subject: parsed.data.subject, roles: parsed.data.roles, expiresIn });
    return { token, expiresIn };
  }
}
