import { Kafka, logLevel } from 'kafkajs';
import { hostPort, isListening } from './net';
import { runScript } from './run-script';

export interface KafkaInfra {
  readonly brokers: string[];
  readonly clusterId: string;
  readonly version: string;
  /** True when this process started the broker (and should stop it). */
  readonly startedHere: boolean;
}

/**
 * A real broker for tests: KAFKA_BROKERS when it answers, else the project's local Apache Kafka
 * (scripts/kafka.sh) on 127.0.0.1:9092, started when nothing listens there.
 */
export async function ensureKafka(): Promise<KafkaInfra> {
  const configured = process.env.KAFKA_BROKERS;
  const brokers = (configured ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  const { host, port } = hostPort(brokers[0]);
  let startedHere = false;
  if (!(await isListening(host, port))) {
    if (configured) throw new Error(`KAFKA_BROKERS=${configured} does not answer`);
    runScript('kafka.sh', ['start'], { KAFKA_PORT: String(port) });
    startedHere = true;
  }
  const admin = new Kafka({ clientId: 'ramprognos-test-infra', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    const version = configured ? 'external broker' : runScript('kafka.sh', ['version']);
    return { brokers, clusterId: cluster.clusterId, version, startedHere };
  } finally {
    await admin.disconnect();
  }
}

/** Stops the broker ensureKafka started, by its port (not whatever KAFKA_PORT the shell has). */
export function stopKafka(brokers: readonly string[]): void {
  runScript('kafka.sh', ['stop'], { KAFKA_PORT: String(hostPort(brokers[0]).port) });
}
