#!/usr/bin/env node
// Runs `npm ci` when node_modules is missing or older than package-lock.json, so the README's
// commands work on a fresh clone.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  process.stdout.write('[install] npm ci (first run or package-lock.json changed)\n');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
