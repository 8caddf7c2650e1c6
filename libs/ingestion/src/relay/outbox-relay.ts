import { Logger } from '@nestjs/common';
import { backoffDelay, describeError, type BackoffPolicy, type MessageSender } from '@ramprognos/messaging';
import type { DataSource, QueryRunner } from 'typeorm';
import { outboxChannel } from '../store/pg-event-store';
import { publishPlan, type ClaimedRow } from './publish-plan';

export interface OutboxRelayOptions {
  readonly dataSource: DataSource;
  /** The service's schema: names the leader lock and the NOTIFY channel. */
  readonly schema: string;
  /** An idempotent producer (CloudEventProducer), kept for the relay's whole life. */
  readonly producer: MessageSender;
  /** Rows per claim (default 2000). */
  readonly claimLimit?: number;
  /** Messages per produce request (default 1000). */
  readonly chunkSize?: number;
  /** Fallback poll when no NOTIFY arrives (default 1000 ms). */
  readonly pollIntervalMs?: number;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly onPublished?: (count: number) => void;
  readonly onPublishFailure?: () => void;
}

type Round = 'full' | 'partial' | 'idle' | 'standby';

const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 15_000, factor: 2, jitter: 0.2 };
const RETENTION_SWEEP_MS = 10 * 60_000;
const STOP_GRACE_MS = 5_000;

/**
 * Publishes the outbox to Kafka, in seq order, and marks what the broker acknowledged.
 *
 * Ordering: one relay per schema publishes at a time. Each round takes the transaction-scoped
 * advisory lock `ramprognos.outbox.<schema>` (instances that do not get it stand by), claims the
 * oldest pending rows with FOR UPDATE SKIP LOCKED, publishes them, marks them and commits, which
 * releases the lock. Rows are always read as "pending, lowest seq first" — never "seq greater than
 * the last one seen", which would skip rows whose transaction committed late. The store hands out
 * seqs one committing transaction at a time (PgEventStore), so when row n is visible every row
 * below n is too: publishing in seq order never overtakes an earlier row of the same key.
 *
 * Delivery: at least once. A chunk that fails is sent again, unchanged, with the same producer
 * until the broker takes it, so the idempotent producer's sequence numbers let the broker drop
 * what it already has (a broker restart mid-request does not duplicate). A relay that dies
 * between publishing and committing does duplicate that batch on the next round; every message
 * carries its event's (source, id), by which consumers deduplicate.
 *
 * Latency: stores NOTIFY `ramprognos_outbox_<schema>` on commit; the relay LISTENs, and polls
 * every pollIntervalMs in case a notification is lost.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly claimLimit: number;
  private readonly chunkSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoff: BackoffPolicy;
  private running = false;
  private woken = false;
  private wakeUp?: () => void;
  private loopDone: Promise<void> = Promise.resolve();
  private listenDone: Promise<void> = Promise.resolve();
  private stopListening?: () => void;
  private lastSweep = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.claimLimit = options.claimLimit ?? 2000;
    this.chunkSize = options.chunkSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
    this.listenDone = this.listen();
  }

  /** Finishes the round in hand (up to a grace period: a publish may be waiting for the broker). */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.loopDone, grace]);
    clearTimeout(timer);
    this.stopListening?.();
    await this.listenDone;
  }

  /** Something was queued: run a round now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let round: Round;
      try {
        round = await this.round();
        failures = 0;
      } catch (error) {
        if (!this.running) break;
        failures += 1;
        const delayMs = backoffDelay(this.backoff, failures);
        this.logger.warn({
          msg: 'outbox relay round failed; retrying',
          error: describeError(error),
          delayMs,
        });
        await this.idle(delayMs);
        continue;
      }
      if (round !== 'full') await this.idle(this.pollIntervalMs);
    }
  }

  private async round(): Promise<Round> {
    const q = this.options.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const [{ leader }]: { leader: boolean }[] = await q.query(
        `select pg_try_advisory_xact_lock(hashtext($1)) as leader`,
        [`ramprognos.outbox.${this.options.schema}`],
      );
      if (!leader) {
        await q.rollbackTransaction();
        return 'standby';
      }
      const rows: ClaimedRow[] = await q.query(
        `select o.seq::text as seq, o.topic, o.key, e.payload::text as value
         from outbox o join event_store e on e.source = o.event_source and e.id = o.event_id
         where o.published_at is null
         order by o.seq
         limit $1
         for update of o skip locked`,
        [this.claimLimit],
      );
      if (rows.length === 0) {
        await this.sweep(q);
        await q.commitTransaction();
        return 'idle';
      }
      await this.publish(rows);
      await q.query(`update outbox set published_at = now() where seq = any($1::bigint[])`, [
        rows.map((row) => row.seq),
      ]);
      await q.commitTransaction();
      this.options.onPublished?.(rows.length);
      return rows.length === this.claimLimit ? 'full' : 'partial';
    } catch (error) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await q.release();
    }
  }

  /** Each chunk until the broker acknowledges it; only stopping gives up (the rows stay pending). */
  private async publish(rows: readonly ClaimedRow[]): Promise<void> {
    for (const chunk of publishPlan(rows, this.chunkSize)) {
      for (let failures = 0; ;) {
        try {
          await this.options.producer.send(chunk.topic, chunk.messages);
          if (failures > 0) this.logger.log({ msg: 'outbox relay publishing again', topic: chunk.topic });
          break;
        } catch (error) {
          this.options.onPublishFailure?.();
          if (!this.running) throw error;
          failures += 1;
          const delayMs = backoffDelay(this.backoff, failures);
          this.logger.warn({
            msg: 'publishing from the outbox failed; sending the same chunk again',
            topic: chunk.topic,
            messages: chunk.messages.length,
            attempt: failures,
            error: describeError(error),
            delayMs,
          });
          await this.idle(delayMs, false);
          if (!this.running) throw error;
        }
      }
    }
  }

  // Published rows are kept a week for inspection, then deleted; the event store keeps the events.
  private async sweep(q: QueryRunner): Promise<void> {
    if (Date.now() - this.lastSweep < RETENTION_SWEEP_MS) return;
    this.lastSweep = Date.now();
    await q.query(`delete from outbox where published_at < now() - interval '7 days'`);
  }

  /** Waits for a wake-up (unless wakeable is false: a backoff only stop() cuts short) or the timeout. */
  private idle(ms: number, wakeable = true): Promise<void> {
    if (wakeable && this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        if (this.wakeUp === onWake) this.wakeUp = undefined;
        resolve();
      };
      const onWake = () => {
        if (!wakeable && this.running) return;
        if (wakeable) this.woken = false;
        finish();
      };
      const timer = setTimeout(finish, ms);
      this.wakeUp = onWake;
    });
  }

  private async listen(): Promise<void> {
    const channel = outboxChannel(this.options.schema);
    const onNotification = () => this.wake();
    while (this.running) {
      const q = this.options.dataSource.createQueryRunner();
      let client: NotifyingClient | undefined;
      let lost = () => undefined as void;
      try {
        client = (await q.connect()) as NotifyingClient;
        const gone = new Promise<void>((resolve) => (lost = resolve));
        this.stopListening = lost;
        client.on('error', lost);
        client.on('end', lost);
        client.on('notification', onNotification);
        await q.query(`listen "${channel}"`);
        // Rows queued while nobody was listening.
        this.wake();
        if (!this.running) lost();
        await gone;
      } catch (error) {
        if (this.running) {
          this.logger.warn({
            msg: 'outbox LISTEN connection failed; polling until it is back',
            error: describeError(error),
          });
        }
      }
      client?.removeListener('notification', onNotification);
      client?.removeListener('error', lost);
      client?.removeListener('end', lost);
      await q.query(`unlisten *`).catch(() => undefined);
      await q.release().catch(() => undefined);
      if (this.running) await new Promise((resolve) => setTimeout(resolve, this.pollIntervalMs));
    }
  }
}

interface NotifyingClient {
  on(event: 'notification' | 'error' | 'end', listener: () => void): void;
  removeListener(event: 'notification' | 'error' | 'end', listener: () => void): void;
}
