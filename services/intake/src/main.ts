import { createServiceApp, runService } from '@ramprognos/service-kit';
import { AppModule } from './app.module';
import { loadIntakeConfig, SERVICE_NAME } from './config';

runService(SERVICE_NAME, async () => {
  const config = loadIntakeConfig();
  return createServiceApp(AppModule.forRoot(config), {
    serviceName: SERVICE_NAME,
    port: config.PORT,
    logLevel: config.LOG_LEVEL,
    bodyLimit: config.HTTP_BODY_LIMIT,
  });
});
