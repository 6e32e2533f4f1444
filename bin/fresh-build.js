// Whether `npm run build` left a complete build in dist/ that is newer than every source file.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Written last by scripts/build-server.js and removed first, so a build in progress is never run. */
export const BUILD_STAMP = '.built';

/**
 * The compiled CLI's URL, or null when dist/ holds no finished build or any file or folder under src/
 * changed after it (a folder's time changes when a file is added, renamed or deleted in it).
 * @example freshBuild(new URL('..', import.meta.url)) // 'file:///srv/fidelis/dist/cli/main.js' or null
 */
export function freshBuild(root, distDir = 'dist') {
  const dist = new URL(`${distDir}/`, root);
  let builtAt;
  try {
    builtAt = statSync(new URL(BUILD_STAMP, dist)).mtimeMs;
  } catch {
    return null;
  }
  const src = fileURLToPath(new URL('src/', root));
  if (statSync(src).mtimeMs > builtAt) return null;
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (statSync(join(entry.parentPath, entry.name)).mtimeMs > builtAt) return null;
  }
  return new URL('cli/main.js', dist).href;
}
