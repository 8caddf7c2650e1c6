export {
  computeBudgetDeviation,
  volumePriceEffects,
  type BudgetDeviationInput,
  type BudgetDeviationReport,
  type DeviationFigures,
  type DeviationRow,
  type UnclassifiedKey,
  type VolumeFigures,
} from './compute-budget-deviation';
export {
  actualsByKey,
  historicalByKey,
  householdMonthsByLine,
  type ActualsMonth,
  type ActualsResponse,
  type GroupBy,
  type HouseholdsByLine,
  type KeyForecast,
} from './inputs';
export {
  oreToJson,
  toBudgetDeviationResponse,
  type BudgetDeviationResponse,
  type FiguresJson,
  type RowJson,
} from './response';
