import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type GenerationStatus = 'building' | 'active' | 'retired';

export interface Generation {
  readonly generation: number;
  readonly consumerGroup: string;
  readonly status: GenerationStatus;
  readonly createdAt: string;
  readonly activatedAt: string | null;
  readonly eventsApplied: number;
  /** End offsets per `topic:partition` when a rebuild started. */
  readonly targetOffsets: Readonly<Record<string, number>> | null;
}

interface GenerationRecord {
  generation: number;
  consumer_group: string;
  status: GenerationStatus;
  created_at: Date;
  activated_at: Date | null;
  events_applied: string;
  target_offsets: Record<string, number> | null;
}

const toGeneration = (r: GenerationRecord): Generation => ({
  generation: r.generation,
  consumerGroup: r.consumer_group,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  activatedAt: r.activated_at?.toISOString() ?? null,
  eventsApplied: Number(r.events_applied),
  targetOffsets: r.target_offsets,
});

/** Projection generations: one active serves queries; a building one is being rebuilt from offset 0. */
@Injectable()
export class GenerationsRepository {
  constructor(private readonly db: DataSource) {}

  async list(): Promise<Generation[]> {
    const rows: GenerationRecord[] = await this.db.query(`select * from projection_generations order by generation`);
    return rows.map(toGeneration);
  }

  async active(): Promise<Generation> {
    const rows: GenerationRecord[] = await this.db.query(`select * from projection_generations where status = 'active'`);
    if (rows.length !== 1) throw new Error(`expected one active projection generation, found ${rows.length}`);
    return toGeneration(rows[0]);
  }

  /** Starts a rebuild, unless one is already running (then returns that one). */
  async createBuilding(targetOffsets: Record<string, number>): Promise<{ generation: Generation; created: boolean }> {
    return this.db.transaction(async (tx) => {
      await tx.query(`lock table projection_generations in exclusive mode`);
      const building: GenerationRecord[] = await tx.query(`select * from projection_generations where status = 'building'`);
      if (building.length > 0) return { generation: toGeneration(building[0]), created: false };
      const [row]: GenerationRecord[] = await tx.query(
        `insert into projection_generations (generation, consumer_group, status, target_offsets)
         select next, 'forecast-projections-g' || next, 'building', $1::jsonb
           from (select coalesce(max(generation), 0) + 1 as next from projection_generations) n
         returning *`,
        [JSON.stringify(targetOffsets)],
      );
      return { generation: toGeneration(row), created: true };
    });
  }

  /** The atomic switch: readers see either the old or the new generation, never a mix. */
  async activate(generation: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [row]: { status: GenerationStatus }[] = await tx.query(
        `select status from projection_generations where generation = $1 for update`,
        [generation],
      );
      if (row?.status !== 'building') return false;
      await tx.query(`update projection_generations set status = 'retired' where status = 'active'`);
      await tx.query(`update projection_generations set status = 'active', activated_at = now() where generation = $1`, [generation]);
      return true;
    });
  }

  /** Positions applied per `topic:partition` for a generation (next offset to apply). */
  async positions(generation: number): Promise<Map<string, { nextOffset: number; updatedAt: Date }>> {
    const rows: { topic: string; partition: number; next_offset: string; updated_at: Date }[] = await this.db.query(
      `select topic, partition, next_offset, updated_at from consumer_positions where generation = $1`,
      [generation],
    );
    return new Map(rows.map((r) => [`${r.topic}:${r.partition}`, { nextOffset: Number(r.next_offset), updatedAt: r.updated_at }]));
  }

  /** Deletes a retired generation's rows, table by table. */
  async purgeRetired(): Promise<number[]> {
    const retired: { generation: number }[] = await this.db.query(
      `select generation from projection_generations where status = 'retired'`,
    );
    for (const { generation } of retired) {
      for (const table of PROJECTION_TABLES) {
        await this.db.query(`delete from ${table} where generation = $1`, [generation]);
      }
      await this.db.query(`delete from projection_generations where generation = $1 and status = 'retired'`, [generation]);
    }
    return retired.map((r) => r.generation);
  }
}

/** Every table whose rows belong to a generation. */
export const PROJECTION_TABLES = [
  'applied_messages',
  'consumer_positions',
  'payments',
  'payment_reversals',
  'repayments',
  'reimbursements',
  'ledger_postings',
  'placements',
  'placement_rate_changes',
  'placement_ends',
  'case_events',
] as const;
