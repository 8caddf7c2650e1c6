import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const workspaceRoot = join(__dirname, '..', '..', '..', '..');

/** Runs one of the project's infrastructure scripts, failing loudly with its output. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync('bash', [join(workspaceRoot, 'scripts', script), ...args], {
    cwd: workspaceRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.status !== 0) {
    throw new Error(`scripts/${script} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  if (result.stderr) process.stderr.write(result.stderr);
  return result.stdout.trim();
}
