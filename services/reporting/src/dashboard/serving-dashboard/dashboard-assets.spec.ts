import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadAssets, staticDirectory } from './dashboard-assets';

describe("the dashboard's files", () => {
  it('are found from the source tree and from the compiled tree in dist/', () => {
    const source = staticDirectory(__dirname);
    expect(source).toBe(join(__dirname, '..', 'static'));
    const root = resolve(__dirname, '..', '..', '..', '..', '..');
    const compiled = join(root, 'dist', 'services', 'reporting', 'src', 'dashboard', 'serving-dashboard');
    // `npm run build` copies the files next to the compiled module; before a build the source tree serves
    const copied = join(compiled, '..', 'static');
    expect(staticDirectory(compiled)).toBe(existsSync(join(copied, 'index.html')) ? copied : source);
  });

  it('include the page, its scripts and Chart.js', () => {
    const assets = loadAssets();
    expect([...assets.keys()].sort()).toEqual(['app.js', 'chart.js', 'format.js', 'index.html', 'style.css']);
    expect(assets.get('index.html')?.body.toString()).toContain('<script src="/assets/chart.js">');
    expect(assets.get('chart.js')?.body.toString()).toMatch(/Chart\.js v4/);
    // No inline script: the Content-Security-Policy allows scripts from the origin only.
    expect(assets.get('index.html')?.body.toString()).not.toMatch(/<script>(?!<\/script>)/);
  });
});
