#!/usr/bin/env node
// `npm run stack`: the whole system in the foreground without Docker (see scripts/lib/stack.mjs).
// Ctrl-C / SIGTERM stops everything this script started. Run through npm, which builds first.
import { say, startStack } from './lib/stack.mjs';

const { services } = await startStack({ echo: process.env.STACK_QUIET !== '1' });
say('all services healthy:');
for (const s of Object.values(services)) say(`  ${s.name.padEnd(9)} ${s.url}  (/health, /metrics, /docs)  log ${s.logFile}`);
say('Ctrl-C stops everything the stack started.');
