export { generateEvents, generateMunicipality, type GenerationSummary, type Municipality } from './generate';
export {
  DEFAULT_YEARS,
  SCALES,
  resolveScale,
  type GeneratorOptions,
  type Scale,
  type ScaleName,
} from './options';
export {
  DEFAULT_DEMO_SCALE,
  DEMO_SEED,
  classifyItem,
  demoAdjustments2023,
  demoBudget2023,
  type BudgetAdjustment,
  type BudgetDocument,
  type BudgetLine,
  type BudgetProfile,
  type MatchRule,
  type MatchStream,
} from './demo-budget';
export {
  HOUSEHOLDS_2021,
  HOUSEHOLD_YEARLY_FACTOR,
  expectedCostPerHousehold,
  householdsPerMonth,
  householdsTarget,
} from './model/ekonomiskt-bistand';
export {
  PLACEMENT_STREAMS,
  egenShareOn,
  expectedArrivals,
  expectedPlacementDays,
  placementLevel,
  type PlacementStream,
} from './model/placements';
export { monthIndex } from './core/dates';
export * from './events';
