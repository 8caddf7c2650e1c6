import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureKafka, ensurePostgres, workspaceRoot } from '@ramprognos/testing';
import type { Bench, BenchResult } from './bench';
import { benches } from './benches';

/** Runs the benchmarks named on the command line (all when none) and writes their results. */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const selected: Bench[] = wanted.length > 0 ? benches.filter((b) => wanted.includes(b.name)) : benches;
  const postgres = await ensurePostgres('ramprognos_bench');
  process.env.DATABASE_URL = postgres.url;
  const kafka = await ensureKafka();
  process.env.KAFKA_BROKERS = kafka.brokers.join(',');
  const dir = join(workspaceRoot, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const results: BenchResult[] = [];
  for (const bench of selected) {
    process.stdout.write(`[bench] ${bench.name} …\n`);
    const result = await bench.run();
    results.push(result);
    writeFileSync(join(dir, `${bench.name}.json`), JSON.stringify({ ...result, at: new Date().toISOString(), kafka: kafka.version, postgres: postgres.version }, null, 2) + '\n');
    process.stdout.write(`[bench] ${bench.name}: ${JSON.stringify(result.measured)} vs ${result.reference.tool} ${JSON.stringify(result.reference)} → ratio ${result.ratio.toFixed(3)}\n`);
  }
  const lines = [
    `# Benchmark results (${new Date().toISOString()})`,
    '',
    `Kafka ${kafka.version}, PostgreSQL ${postgres.version}, ${require('node:os').cpus().length} cores.`,
    '',
    '| bench | measured | reference | ratio |',
    '| --- | --- | --- | --- |',
    ...results.map((r) => `| ${r.name} | ${fmt(r.measured)} | ${fmt(r.reference)} | ${r.ratio.toFixed(3)} |`),
  ];
  writeFileSync(join(dir, 'latest.md'), lines.join('\n') + '\n');
}

function fmt(values: Readonly<Record<string, number | string>>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 100) / 100 : v}`)
    .join(', ');
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
