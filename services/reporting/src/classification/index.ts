export {
  classify,
  classifyKeyIds,
  householdGroups,
  lineOf,
  orderedFields,
  ruleMatches,
  sortKeyOf,
  unclassifiedSummary,
  valueMatches,
  type ClassifiableLine,
  type UnclassifiedItem,
  type UnclassifiedSummary,
} from './classify';
