import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { type Admin, Kafka, logLevel } from 'kafkajs';

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

export interface HealthOptions {
  readonly serviceName: string;
  readonly kafkaBrokers: readonly string[];
  /** How long one check may take before Kafka counts as down; default 2000 ms. */
  readonly kafkaTimeoutMs?: number;
}

/**
 * Kafka is up when the cluster answers describeCluster in time. One admin connection is kept
 * and reused across checks; after a failure it is dropped and the next check reconnects.
 */
@Injectable()
export class KafkaHealthIndicator implements OnApplicationShutdown {
  private readonly admin: Admin;
  private connected?: Promise<void>;
  private readonly timeoutMs: number;

  constructor(
    @Inject(HEALTH_OPTIONS) options: HealthOptions,
    private readonly indicator: HealthIndicatorService,
  ) {
    this.timeoutMs = options.kafkaTimeoutMs ?? 2000;
    this.admin = new Kafka({
      clientId: `${options.serviceName}-health`,
      brokers: [...options.kafkaBrokers],
      connectionTimeout: Math.min(1000, this.timeoutMs),
      requestTimeout: this.timeoutMs,
      retry: { retries: 0 },
      // A down broker is reported by /health itself; kafkajs would repeat it on every probe.
      logLevel: logLevel.NOTHING,
    }).admin();
  }

  async isHealthy(key = 'kafka') {
    const check = this.indicator.check(key);
    try {
      const cluster = await withTimeout(this.describe(), this.timeoutMs);
      return check.up({ brokers: cluster.brokers.length, controller: cluster.controller });
    } catch (error) {
      this.reset();
      return check.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.connected = undefined;
    await this.admin.disconnect().catch(() => undefined);
  }

  private async describe() {
    this.connected ??= this.admin.connect();
    await this.connected;
    return this.admin.describeCluster();
  }

  private reset(): void {
    this.connected = undefined;
    void this.admin.disconnect().catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Kafka within ${ms} ms`)), ms);
  });
  // The losing promise may still settle later; swallow it so it is not an unhandled rejection.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
