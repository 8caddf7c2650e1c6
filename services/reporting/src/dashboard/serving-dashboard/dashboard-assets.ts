import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/*
 * The page's files, read once at start (a missing file stops the boot, not a user's request).
 * The service runs from dist/, which tsc fills with JavaScript only: the static files are found
 * next to this module when the build copied them there, else in the source tree of the workspace.
 */

export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
}

const FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'format.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

export function staticDirectory(from: string = __dirname): string {
  const candidates = [
    join(from, '..', 'static'),
    resolve(from, '..', '..', '..', '..', '..', '..', 'services', 'reporting', 'src', 'dashboard', 'static'),
    resolve(process.cwd(), 'services', 'reporting', 'src', 'dashboard', 'static'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (found === undefined) throw new Error(`the dashboard's static files are missing (looked in ${candidates.join(', ')})`);
  return found;
}

/** Chart.js's UMD build from node_modules, served as /assets/chart.js. */
export function chartJsFile(): string {
  return join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}

export function loadAssets(directory: string = staticDirectory()): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, contentType] of Object.entries(FILES)) {
    assets.set(name, { body: readFileSync(join(directory, name)), contentType });
  }
  assets.set('chart.js', { body: readFileSync(chartJsFile()), contentType: 'text/javascript; charset=utf-8' });
  return assets;
}
