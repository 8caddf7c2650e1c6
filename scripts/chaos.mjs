#!/usr/bin/env node
// `npm run chaos -- --runs N --seed S`: the fault suite of issue 9 on the real stack (built first by
// npm). Each run streams a generated data set through HTTP, the ledger CSV import and the inbound
// topic while faults are injected (SIGKILL and restart of any service, SIGSTOP of a forecast
// instance past its session timeout, broker restart, PostgreSQL restart, a TCP proxy that delays or
// cuts database connections, clients resending whole batches, poison messages), then compares the
// forecast's actuals and reporting's budget deviation with the reference calculator.
//
// Options: --runs N (3) --seed S (1) --scale F (0.006 of Malmö per run) --stream-seconds T (40)
//          --faults-per-run K (4) --catch-up-seconds C (180) --no-privacy-scan
//          --kinds a,b (only these fault kinds, to chase one problem; the full suite needs all)
// Prints a summary table and writes artifacts/chaos/summary.json (logs in artifacts/chaos/logs/).
// Exit code 0 only if every run matched the reference exactly and every fault kind was injected.
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
require('../tools/register-dist.js');
const {
  runChaosSuite,
  formatChaosSummary,
  DEFAULT_CHAOS_OPTIONS,
  FAULT_KINDS,
} = require('../dist/libs/testing/src/chaos/index.js');

function parseArgs(argv) {
  const options = { ...DEFAULT_CHAOS_OPTIONS };
  const number = (name, value, min) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) {
      console.error(`--${name} must be a number ≥ ${min}, not ${value}`);
      process.exit(2);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) {
        console.error(`${arg} needs a value`);
        process.exit(2);
      }
      return argv[++i];
    };
    switch (arg) {
      case '--runs':
        options.runs = Math.floor(number('runs', value(), 1));
        break;
      case '--seed':
        options.seed = String(value());
        break;
      case '--scale':
        options.scale = number('scale', value(), 0.0005);
        break;
      case '--stream-seconds':
        options.streamMs = number('stream-seconds', value(), 5) * 1000;
        break;
      case '--faults-per-run':
        options.faultsPerRun = Math.floor(number('faults-per-run', value(), 0));
        break;
      case '--catch-up-seconds':
        options.catchUpTimeoutMs = number('catch-up-seconds', value(), 10) * 1000;
        break;
      case '--no-privacy-scan':
        options.privacyScan = false;
        break;
      case '--kinds': {
        const kinds = value()
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean);
        const unknown = kinds.filter((k) => !FAULT_KINDS.includes(k));
        if (unknown.length > 0) {
          console.error(
            `--kinds: unknown fault kinds ${unknown.join(', ')}; known: ${FAULT_KINDS.join(', ')}`,
          );
          process.exit(2);
        }
        options.kinds = kinds;
        break;
      }
      case '-h':
      case '--help':
        console.log(
          'npm run chaos -- [--runs N] [--seed S] [--scale F] [--stream-seconds T] [--faults-per-run K] [--catch-up-seconds C] [--kinds a,b] [--no-privacy-scan]',
        );
        process.exit(0);
        break;
      default:
        console.error(`unknown option ${arg} (see --help)`);
        process.exit(2);
    }
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const say = (line) => process.stdout.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const abort = new AbortController();
let interrupted = 0;
process.on('SIGINT', () => {
  interrupted += 1;
  abort.abort();
  // The suite's finally stops every process it started; a second Ctrl-C does not wait for that.
  if (interrupted > 1) process.exit(130);
  say('interrupted: stopping after the current step (Ctrl-C again to exit at once)');
});

const summary = await runChaosSuite({
  ...options,
  artifactsDir: join(root, 'artifacts', 'chaos'),
  say,
  signal: abort.signal,
});
console.log(`\n${formatChaosSummary(summary)}\n`);
console.log(`summary: ${join(root, 'artifacts', 'chaos', 'summary.json')}`);
const kindsExpected = options.runs * options.faultsPerRun >= FAULT_KINDS.length && !options.kinds;
process.exit(summary.passed && (summary.everyKindInjected || !kindsExpected) ? 0 : 1);
