// `npm run build` (after the web app): compiles src/ (without tests) to plain JavaScript in dist/, with
// the SQL migrations beside it. bin/fidelis.js runs the result only once the stamp, written last, says
// the build finished. An argument names another output folder (the build test uses one).
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_STAMP } from '../bin/fresh-build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(root, process.argv[2] ?? 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(join(out, BUILD_STAMP), { force: true });
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', out], { stdio: 'inherit' });
cpSync(join(root, 'src/db/migrations'), join(out, 'db/migrations'), { recursive: true });
writeFileSync(join(out, BUILD_STAMP), `${new Date().toISOString()}\n`);
