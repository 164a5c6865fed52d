#!/usr/bin/env node
// Builds the web app when its build is missing or older than its sources, so `npm start` and the
// browser tests always serve the current UI without rebuilding on every start.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const web = path.join(root, 'apps/web');
const built = path.join(web, 'dist/index.html');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) t = Math.max(t, fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(path.join(web, 'src')), newest(path.join(root, 'packages/contracts/src')), ...['index.html', 'vite.config.ts', 'package.json'].map((f) => (fs.existsSync(path.join(web, f)) ? fs.statSync(path.join(web, f)).mtimeMs : 0)));
if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) process.exit(0);
console.log('Building the web app (first start, or its sources changed)...');
const r = spawnSync('npm', ['run', 'build', '-w', '@linli/web'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
