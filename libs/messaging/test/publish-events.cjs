// Child process of round-trip.int-spec.ts: publishes CloudEvents through the library's own
// CloudEventProducer from another process. There is no ts-node, so the TypeScript sources are
// transpiled on load with the compiler the workspace already has.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  module._compile(outputText, filename);
};

const { createKafka, CloudEventProducer, jsonLineLogger } = require(join(__dirname, '..', 'src', 'index.ts'));

async function main() {
  const [topic, countArg, subjectsArg, chunkArg] = process.argv.slice(2);
  const count = Number(countArg);
  const subjects = Number(subjectsArg);
  const chunk = Number(chunkArg);
  const kafka = createKafka({
    clientId: 'messaging-test-child',
    brokers: process.env.KAFKA_BROKERS,
    logLevel: 'error',
    logger: jsonLineLogger((line) => process.stderr.write(line)),
  });
  const producer = new CloudEventProducer(kafka);
  const seqBySubject = new Map();
  const events = Array.from({ length: count }, (_, i) => {
    const subject = `agg-${i % subjects}`;
    const seq = seqBySubject.get(subject) ?? 0;
    seqBySubject.set(subject, seq + 1);
    return {
      specversion: '1.0',
      id: `evt-${i}`,
      source: 'urn:system:messaging-test-child',
      type: 'se.socialtjanst.test.happened.v1',
      subject,
      time: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
      datacontenttype: 'application/json',
      data: { seq, pid: process.pid },
    };
  });
  let acknowledged = 0;
  try {
    for (let i = 0; i < events.length; i += chunk) {
      const slice = events.slice(i, i + chunk);
      await producer.publish(topic, slice);
      acknowledged += slice.length;
    }
  } finally {
    await producer.disconnect();
  }
  process.stdout.write(`${JSON.stringify({ pid: process.pid, acknowledged })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
