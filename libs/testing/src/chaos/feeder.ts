import type { ProducerRecord } from 'kafkajs';
import type { Delivery } from './workload';

export const INBOUND_TOPIC = 'socialtjanst.inbound.v1';
const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

export interface FeederCounters {
  deliveries: number;
  events: number;
  /** Requests or produce calls that failed (connection refused or reset, 5xx, timeout) and were retried. */
  retries: number;
  /** Whole deliveries sent again after they had been acknowledged (the client-resend fault). */
  resends: number;
  /** Events a resend got back as duplicates, as it should. */
  resendDuplicates: number;
  /**
   * Events a resend of an acknowledged delivery got back as *accepted*: the first 202 was not
   * durable (the events had been lost and are only there now because of the resend).
   */
  ackedButLost: number;
  /** Statuses other than 202, 5xx and connection errors: a broken contract, not a fault. */
  unexpected: string[];
  statusCounts: Record<string, number>;
}

export interface FeederEndpoints {
  readonly intake: string;
  readonly payments: string;
  readonly produce: (record: ProducerRecord) => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The clients of the system under test: each delivery is sent until it is acknowledged (a 202, or
 * the broker's ack for the inbound topic), the way a well-behaved source system retries after a
 * timeout or a 503. Retrying after an ambiguous failure is itself a resend of a whole batch.
 */
export class Feeder {
  readonly counters: FeederCounters = {
    deliveries: 0,
    events: 0,
    retries: 0,
    resends: 0,
    resendDuplicates: 0,
    ackedButLost: 0,
    unexpected: [],
    statusCounts: {},
  };
  private readonly acknowledged: Delivery[] = [];
  private stopped = false;

  constructor(
    private readonly endpoints: FeederEndpoints,
    private readonly options: { readonly requestTimeoutMs?: number; readonly giveUpAfterMs?: number } = {},
  ) {}

  /** Deliveries acknowledged so far, for the client-resend fault. */
  acknowledgedDeliveries(): readonly Delivery[] {
    return this.acknowledged;
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * Sends the deliveries in order, `concurrency` at a time, spread evenly over `durationMs` so
   * that faults injected meanwhile land in the middle of the stream.
   */
  async stream(deliveries: readonly Delivery[], durationMs: number, concurrency = 2): Promise<void> {
    const started = Date.now();
    const gap = deliveries.length > 0 ? durationMs / deliveries.length : 0;
    let next = 0;
    const worker = async () => {
      while (!this.stopped && next < deliveries.length) {
        const index = next++;
        const due = started + index * gap;
        if (due > Date.now()) await sleep(due - Date.now());
        await this.send(deliveries[index], false);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  /** Sends acknowledged deliveries again, whole; each must come back as duplicates only. */
  async resend(deliveries: readonly Delivery[]): Promise<void> {
    for (const delivery of deliveries) await this.send(delivery, true);
  }

  private count(status: string): void {
    this.counters.statusCounts[status] = (this.counters.statusCounts[status] ?? 0) + 1;
  }

  private async send(delivery: Delivery, isResend: boolean): Promise<void> {
    const giveUpAt = Date.now() + (this.options.giveUpAfterMs ?? 600_000);
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        this.counters.retries += 1;
        if (Date.now() > giveUpAt)
          throw new Error(
            `delivery ${delivery.seq} (${delivery.channel}) not acknowledged within ${this.options.giveUpAfterMs ?? 600_000} ms`,
          );
        await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
      }
      const outcome = await this.attempt(delivery).catch((error: unknown) => ({
        retry: true as const,
        status: `error ${(error as Error).name}`,
      }));
      this.count(outcome.status);
      if (outcome.retry) continue;
      if ('unexpected' in outcome) {
        this.counters.unexpected.push(
          `delivery ${delivery.seq} (${delivery.channel}): ${outcome.unexpected}`,
        );
        return;
      }
      if (isResend) {
        this.counters.resends += 1;
        this.counters.resendDuplicates += outcome.duplicates;
        this.counters.ackedButLost += outcome.accepted;
      } else {
        this.counters.deliveries += 1;
        this.counters.events += delivery.events.length;
        this.acknowledged.push(delivery);
      }
      return;
    }
  }

  private async attempt(
    delivery: Delivery,
  ): Promise<
    | { retry: true; status: string }
    | { retry: false; status: string; accepted: number; duplicates: number }
    | { retry: false; status: string; unexpected: string }
  > {
    if (delivery.channel === 'inbound') {
      // Not idempotent on purpose: a produce retried after a lost ack may write the message twice,
      // and the services' (source, id) dedup must make that harmless.
      await this.endpoints.produce({
        topic: INBOUND_TOPIC,
        acks: -1,
        timeout: 10_000,
        messages: delivery.events.map((e) => ({
          key: e.subject,
          value: JSON.stringify(e),
          headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
        })),
      });
      // The topic cannot say which were new: the inbound consumer dedups, the comparison checks.
      return { retry: false, status: 'produced', accepted: 0, duplicates: delivery.events.length };
    }
    const url =
      delivery.channel === 'http'
        ? `${delivery.target === 'intake' ? this.endpoints.intake : this.endpoints.payments}/v1/events`
        : `${this.endpoints.payments}/v1/imports/ledger`;
    const body = delivery.channel === 'http' ? JSON.stringify(delivery.events) : delivery.csv;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${delivery.token}`,
        'content-type': delivery.channel === 'http' ? 'application/json' : 'text/csv; charset=utf-8',
      },
      body,
      signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000),
    });
    const text = await response.text();
    const status = String(response.status);
    if (response.status >= 500 || response.status === 408 || response.status === 429)
      return { retry: true, status };
    if (response.status !== 202)
      return { retry: false, status, unexpected: `${status} ${text.slice(0, 300)}` };
    const reply = JSON.parse(text) as { accepted?: number; duplicates?: number };
    const accepted = reply.accepted ?? -1;
    const duplicates = reply.duplicates ?? -1;
    if (accepted + duplicates !== delivery.events.length) {
      return {
        retry: false,
        status,
        unexpected: `202 with accepted ${accepted} + duplicates ${duplicates} ≠ ${delivery.events.length} events`,
      };
    }
    return { retry: false, status, accepted, duplicates };
  }
}
