import { StaySurvival, type StayObservation } from './survival';

const ended = (length: number, entryAge = 1): StayObservation => ({ entryAge, exitAge: length, ended: true });
const running = (age: number, entryAge = 1): StayObservation => ({ entryAge, exitAge: age, ended: false });

describe('stay durations (Kaplan–Meier with censoring and left truncation)', () => {
  it('equals the share of stays still running when all have ended', () => {
    const curve = StaySurvival.estimate([ended(1), ended(2), ended(2), ended(3)], 10, { minAtRisk: 1 });
    expect([1, 2, 3, 4].map((t) => curve.survival(t))).toEqual([1, 0.75, 0.25, 0]);
    expect(curve.expectedDaysFromStart(2)).toBe(1.75);
    // active at age 2: ages 3 and 4 to come: S(3)/S(2) + S(4)/S(2)
    expect(curve.expectedDaysBetween(2, 1, 2)).toBeCloseTo(1 / 3, 12);
  });

  it('counts a running stay as at risk up to its age, never as ended', () => {
    // ended at 2, running at age 3, ended at 4: S(3) = 2/3, S(4) = 2/3 (the running one was not seen to end at 3), S(5) = 0
    const curve = StaySurvival.estimate([ended(2), running(3), ended(4)], 10, { minAtRisk: 1 });
    expect(curve.survival(2)).toBe(1);
    expect(curve.survival(3)).toBeCloseTo(2 / 3, 12);
    expect(curve.survival(4)).toBeCloseTo(2 / 3, 12);
    expect(curve.survival(5)).toBe(0);
    // reading only the ended stays would say S(3) = 1/2
  });

  it('does not count a stay that began before the window at ages it was not observed', () => {
    // One long stay observed only from age 10 (it began before the data): it must not dilute the early hazard.
    const curve = StaySurvival.estimate([ended(1), ended(2), ended(12, 10)], 20, { minAtRisk: 1 });
    expect(curve.survival(2)).toBe(0.5);
    expect(curve.survival(3)).toBe(0);
  });

  it('uses the tail hazard where too few stays are at risk, and continues a stay older than all others at it', () => {
    const stays = Array.from({ length: 20 }, () => ended(100));
    const curve = StaySurvival.estimate(stays, 400, { minAtRisk: 10 });
    // every stay lasts exactly 100 days: a stay active at age 50 has 50 more days
    expect(curve.expectedDaysBetween(50, 1, 122)).toBeCloseTo(50, 9);
    expect(curve.survival(101)).toBe(0);
    // a stay still running at age 150 goes on at the tail hazard (20 endings / 20 × 51 days at risk)
    const tail = curve.tailHazard;
    expect(tail).toBeCloseTo(20 / (20 * 51), 12);
    expect(curve.expectedDaysBetween(150, 1, 2)).toBeCloseTo((1 - tail) + (1 - tail) ** 2, 12);
  });
});
