export { computeReport } from './reference-calculator';
export { UNCLASSIFIED_LINE } from './classification';
export { ReferenceInputError } from './exact';
export {
  EXAMPLES_DIR,
  loadExampleFixtures,
  type ExampleFixtures,
  type ExpectedCase,
} from './example-fixtures';
export type * from './types';
export { referenceActualsByKey, type ReferenceActualsByKey, type ReferenceKeyMonth } from './per-key';
