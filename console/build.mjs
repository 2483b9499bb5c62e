// Builds console/dist: the app's own files and the vendor files it loads, copied
// as they are (no bundler, no transpiler). terrain-server serves dist/ at /console/.
import { cpSync, mkdirSync, rmSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');
const dist = join(here, 'dist');

// npm package file -> dist/vendor/<name>
const vendor = [
  ['chart.js/dist/chart.umd.min.js', 'chart.umd.min.js'],
  ['qrcode-generator/qrcode.js', 'qrcode.js'],
];

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'vendor'), { recursive: true });
cpSync(join(here, 'app'), dist, { recursive: true });
const versions = {};
for (const [from, to] of vendor) {
  copyFileSync(join(modules, from), join(dist, 'vendor', to));
  const pkg = from.split('/')[0];
  versions[pkg] = JSON.parse(readFileSync(join(modules, pkg, 'package.json'), 'utf8')).version;
}
writeFileSync(join(dist, 'vendor', 'versions.json'), JSON.stringify(versions, null, 2) + '\n');
console.log(`console: built ${dist} (vendor: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ')})`);
