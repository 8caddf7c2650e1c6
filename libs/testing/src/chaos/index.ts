export { TcpProxy, type ProxyCounters, type ProxyState } from './tcp-proxy';
export { startPrivatePostgres, type PrivatePostgres } from './private-postgres';
export { startChaosKafka, runScriptAsync, type ChaosKafka } from './scripts';
export { rng, type Rng } from './rng';
export { startChaosSystem, NODE_IDS, type ChaosNode, type ChaosSystem, type NodeId } from './chaos-system';
export {
  planWorkload,
  ledgerCsv,
  asImported,
  targetOf,
  TOKEN_OF_SOURCE,
  LEDGER_CSV_SOURCE,
  DEFAULT_WORKLOAD,
  type Delivery,
  type SourceEvent,
  type Workload,
  type WorkloadOptions,
} from './workload';
export { Feeder, INBOUND_TOPIC, type FeederCounters, type FeederEndpoints } from './feeder';
export { FAULT_KINDS, injectFault, type FaultKind, type FaultRecord, type PoisonMessage } from './faults';
export {
  compareActuals,
  compareReport,
  emptyDiscrepancy,
  type Discrepancy,
  type ActualsBody,
  type ReportBody,
} from './compare';
export { readTopics, listUserTopics, type ReadMessage } from './read-topics';
export {
  findPersonnummer,
  findNameFields,
  luhnValid,
  scanText,
  scanKafka,
  scanDatabase,
  scanFiles,
  type PrivacyFinding,
} from './privacy-scan';
export { localJwt, unsignedJwt, tamperedJwt, type TestRole } from './tokens';
export {
  runChaosSuite,
  formatChaosSummary,
  DEFAULT_CHAOS_OPTIONS,
  type ChaosOptions,
  type ChaosSummary,
  type RunResult,
} from './chaos-suite';
