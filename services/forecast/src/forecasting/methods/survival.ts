/*
 * How long placements of a kind last, learnt from the placements themselves: a Kaplan–Meier
 * estimate of P(stay ≥ t days) from the ended stays (events) and the running ones (censored at
 * asOf), with left truncation — a placement that began before the observation window is only at
 * risk from its age when the window opened, because the short ones that began with it and ended
 * before the window are not in the data. Reading only the ended placements would make stays look
 * short (the long ones are still running); the running ones are what corrects that.
 *
 * Ages count days of care: the start day is age 1, so a stay of length T is active at ages 1..T.
 */

export interface StayObservation {
  /** First age at which the stay was under observation (1 unless it began before the window). */
  readonly entryAge: number;
  /** Its length if it ended, else its age on the censoring date (asOf). */
  readonly exitAge: number;
  readonly ended: boolean;
}

export interface SurvivalOptions {
  /** Ages with fewer stays at risk use the tail hazard instead of their own noisy one. */
  readonly minAtRisk: number;
}

/** P(T ≥ t) for t = 1 … maxAge, and what it implies for days still to come. */
export class StaySurvival {
  private constructor(
    /** s[t] = P(T ≥ t); s[0] unused (= 1). */
    private readonly s: Float64Array,
    /** c[t] = s[1] + … + s[t]; c[0] = 0. */
    private readonly c: Float64Array,
    /** Daily hazard used where the data are too thin (and beyond the longest stay seen). */
    readonly tailHazard: number,
    readonly events: number,
    readonly observations: number,
  ) {}

  static estimate(observations: readonly StayObservation[], maxAge: number, options: SurvivalOptions): StaySurvival {
    const size = Math.max(2, Math.floor(maxAge));
    // delta[t]: stays entering observation at age t, minus those whose last observed age was t − 1.
    const delta = new Float64Array(size + 2);
    const endings = new Float64Array(size + 1);
    let events = 0;
    let used = 0;
    for (const o of observations) {
      const entry = Math.max(1, o.entryAge);
      if (o.exitAge < entry) continue;
      used++;
      if (entry > size) continue;
      delta[entry]++;
      delta[Math.min(o.exitAge, size) + 1]--;
      if (o.ended && o.exitAge <= size) {
        endings[o.exitAge]++;
        events++;
      }
    }
    const atRisk = new Float64Array(size + 1);
    let running = 0;
    let lastWellObserved = 0;
    for (let t = 1; t <= size; t++) {
      running += delta[t];
      atRisk[t] = running;
      if (running >= options.minAtRisk) lastWellObserved = t;
    }

    // The tail hazard: ended stays per day at risk over the upper half of the well-observed ages.
    let tailEvents = 0;
    let tailExposure = 0;
    for (let t = Math.max(1, Math.floor(lastWellObserved / 2)); t <= lastWellObserved; t++) {
      tailEvents += endings[t];
      tailExposure += atRisk[t];
    }
    if (tailExposure === 0) {
      for (let t = 1; t <= size; t++) {
        tailEvents += endings[t];
        tailExposure += atRisk[t];
      }
    }
    const tailHazard = tailExposure > 0 ? tailEvents / tailExposure : 0;

    const s = new Float64Array(size + 1);
    const c = new Float64Array(size + 1);
    s[0] = 1;
    s[1] = 1;
    c[1] = 1;
    for (let t = 1; t < size; t++) {
      const hazard = atRisk[t] >= options.minAtRisk ? endings[t] / atRisk[t] : tailHazard;
      s[t + 1] = s[t] * (1 - hazard);
      c[t + 1] = c[t] + s[t + 1];
    }
    return new StaySurvival(s, c, tailHazard, events, used);
  }

  /** The largest age the curve covers; callers size it for asOf age + the days left in the year. */
  get maxAge(): number {
    return this.s.length - 1;
  }

  /** P(T ≥ t). */
  survival(t: number): number {
    if (t <= this.maxAge) return this.s[this.clamp(t)];
    let s = this.s[this.maxAge];
    for (let u = this.maxAge + 1; u <= t; u++) s *= 1 - this.tailHazard;
    return s;
  }

  /**
   * Expected days of care at ages a + from … a + to (inclusive) of a stay active at age a:
   * Σ P(T ≥ a + k | T ≥ a).
   */
  expectedDaysBetween(age: number, from: number, to: number): number {
    if (to < from) return 0;
    const base = this.survival(age);
    if (base <= 0) {
      // Running longer than any stay of its kind: it goes on at the tail hazard.
      let days = 0;
      let s = 1;
      for (let k = 1; k <= to; k++) {
        s *= 1 - this.tailHazard;
        if (k >= from) days += s;
      }
      return days;
    }
    return (this.cumulative(age + to) - this.cumulative(age + from - 1)) / base;
  }

  /** Expected days of care in the first `days` days of a stay that starts (day 1 included). */
  expectedDaysFromStart(days: number): number {
    return days <= 0 ? 0 : this.cumulative(days);
  }

  private cumulative(t: number): number {
    if (t <= 0) return 0;
    if (t <= this.maxAge) return this.c[t];
    // Beyond the curve: the tail continues geometrically (never needed when sized right).
    let sum = this.c[this.maxAge];
    let s = this.s[this.maxAge];
    for (let u = this.maxAge + 1; u <= t; u++) {
      s *= 1 - this.tailHazard;
      sum += s;
    }
    return sum;
  }

  private clamp(t: number): number {
    return t < 1 ? 1 : t;
  }
}
