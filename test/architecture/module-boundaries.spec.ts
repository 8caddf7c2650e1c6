import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/*
 * The architecture is enforced by @nx/enforce-module-boundaries, which silently skips every file
 * when Nx has not computed the project graph (it only warns on the console). `npm run lint`
 * computes it first; this test proves that the rule then really refuses what it must.
 */
const root = join(__dirname, '..', '..');

/** ESLint's own CLI (its API needs ESM loading that jest does not give), the code on stdin as if it were `file`. */
function boundaryErrors(file: string, code: string): string[] {
  const run = spawnSync(
    'npx',
    ['eslint', '--format', 'json', '--stdin', '--stdin-filename', join(root, file)],
    {
      cwd: root,
      input: code,
      encoding: 'utf8',
    },
  );
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

beforeAll(() => {
  execFileSync('npx', ['nx', 'show', 'projects'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: 'ignore',
  });
}, 60_000);

describe('module boundaries', () => {
  it('refuses a service importing another service', () => {
    const errors = boundaryErrors(
      'services/reporting/src/boundary-probe.ts',
      "import { SnapshotsController } from '../../forecast/src/snapshots/snapshots.controller';\nexport const x = SnapshotsController;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('refuses a library importing the test library', () => {
    const errors = boundaryErrors(
      'libs/money/src/boundary-probe.ts',
      "import { uniqueId } from '@ramprognos/testing';\nexport const x = uniqueId;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('lets a service use a library', () => {
    const errors = boundaryErrors(
      'services/reporting/src/boundary-probe.ts',
      "import { formatTkr } from '@ramprognos/money';\nexport const x = formatTkr;\n",
    );
    expect(errors).toEqual([]);
  });
});
