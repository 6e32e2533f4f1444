#!/usr/bin/env node
// Runs the CLI compiled by `npm run build` while that build is newer than every source file, and the
// TypeScript sources through tsx otherwise: a fresh clone works with no build step, a production
// install skips tsx's start-up (about a quarter of a second per command), and an edit is never
// shadowed by a stale build.
import { freshBuild } from './fresh-build.js';

const built = freshBuild(new URL('..', import.meta.url));
if (built) {
  process.setSourceMapsEnabled(true); // stack traces name the .ts lines
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
