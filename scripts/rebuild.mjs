#!/usr/bin/env node
// `npm run rebuild -- [--url http://127.0.0.1:3003] [--token <admin JWT>]`: rebuilds the forecast
// service's projections from offset 0 into a new generation while the old one keeps serving, shows
// progress (events/s, % of the end offsets seen at the start) and returns when it has switched.
// Without --token it signs a local admin token with AUTH_JWT_SECRET (or the local-only default).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { SignJWT } = require('jose');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const url = option('url', process.env.FORECAST_URL ?? 'http://127.0.0.1:3003');
const secret = process.env.AUTH_JWT_SECRET ?? 'local-only-jwt-secret-not-for-production-0123456789';
const token =
  option('token') ??
  (await new SignJWT({ roles: ['admin'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('rebuild-cli')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret)));
const headers = { authorization: `Bearer ${token}` };

const started = await fetch(`${url}/v1/admin/rebuild`, { method: 'POST', headers });
if (started.status !== 202) {
  console.error(`rebuild refused: ${started.status} ${await started.text()}`);
  process.exit(1);
}
let progress = await started.json();
console.log(`[rebuild] ${progress.started ? 'started' : 'already running'}: generation ${progress.generation}`);
for (;;) {
  const line = `[rebuild] generation ${progress.generation}: ${progress.state}, ${progress.percent}% of the end offsets, ${progress.eventsApplied} events${progress.eventsPerSecond ? `, ${progress.eventsPerSecond} events/s` : ''}`;
  process.stdout.write(process.stdout.isTTY ? `\r${line}   ` : `${line}\n`);
  if (progress.state === 'switched') break;
  if (progress.state === 'retired' || progress.state === 'unknown') {
    console.error(`\n[rebuild] generation ${progress.generation} is ${progress.state}`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  progress = await (await fetch(`${url}/v1/admin/rebuild`, { headers })).json();
}
console.log(`\n[rebuild] switched to generation ${progress.generation} at ${progress.switchedAt}`);
