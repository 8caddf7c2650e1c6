export * from './budget';
export { BudgetError, isBudgetError, type BudgetErrorReason, type BudgetFieldError } from './budget-error';
export {
  BODY_FIELD,
  MATCH_FIELDS,
  budgetAdjustmentSchema,
  budgetDocumentSchema,
  validateAdjustmentShape,
  validateBudgetDocument,
  type Validated,
} from './budget-document';
export {
  decide,
  type AdjustBudget,
  type AdoptBudget,
  type BudgetCommand,
  type Clock,
  type CommandMetadata,
} from './decide';
export {
  budgetAsOf,
  budgetView,
  type BudgetAsOf,
  type BudgetLineAsOf,
  type BudgetView,
} from './budget-as-of';
export { periodise, profileWeights, shareThrough } from './periodisation';
