/** One line's count in one published month, and the full-year forecast volume published with it. */
export interface PublishedCell {
  readonly line: string;
  readonly count: number;
  readonly forecastFullYear: number | null;
}

/** A published month: its knowledge time and its cells by line code. */
export interface PublishedMonthRecord {
  readonly knownAt: string;
  readonly cells: ReadonlyMap<string, PublishedCell>;
}

/**
 * The volumes published to the ekonom role, month by month (README "Small counts", P1). A month is
 * written once: whoever publishes it second keeps the first one's cells, so every replica and every
 * later report shows the same numbers, however late events for the month arrive.
 */
export interface PublishedVolumeStore {
  /** The year's published months, by month number 1–12. */
  load(year: number): Promise<ReadonlyMap<number, PublishedMonthRecord>>;
  /** Stores the month's cells unless the month is published already. */
  publish(year: number, month: number, knownAt: string, cells: readonly PublishedCell[]): Promise<void>;
}

export const PUBLISHED_VOLUME_STORE = Symbol('PUBLISHED_VOLUME_STORE');

export class InMemoryPublishedVolumeStore implements PublishedVolumeStore {
  private readonly months = new Map<string, PublishedMonthRecord>();
  publications = 0;

  async load(year: number): Promise<ReadonlyMap<number, PublishedMonthRecord>> {
    const result = new Map<number, PublishedMonthRecord>();
    for (const [id, record] of this.months) {
      const [y, m] = id.split('-').map(Number);
      if (y === year) result.set(m, record);
    }
    return result;
  }

  async publish(
    year: number,
    month: number,
    knownAt: string,
    cells: readonly PublishedCell[],
  ): Promise<void> {
    const id = `${year}-${month}`;
    if (this.months.has(id)) return;
    this.publications++;
    this.months.set(id, { knownAt, cells: new Map(cells.map((c) => [c.line, { ...c }])) });
  }
}
