import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findWorkspaceRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
  }
  throw new Error(`no nx.json above ${from}`);
}

/** The repository root, whether this runs from sources (jest) or from the compiled tree (dist/). */
export const workspaceRoot = findWorkspaceRoot(__dirname);

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
