// Browser tests of the web app: build it when its sources are newer than web/dist, serve it from a test
// app on a random port, drive Debian's chromium through playwright-core, keep screenshots as artefacts.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, testBackend, type TestApp } from './harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = join(ROOT, 'web');
export const WEB_DIST = join(WEB, 'dist');
const MANIFEST = join(WEB_DIST, '.vite', 'manifest.json');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');
// One build at a time across test files and both backends running in parallel.
const LOCK = join(tmpdir(), `fidelis-web-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);

function newestSource(): number {
  const inputs = [join(WEB, 'src'), join(WEB, 'public'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), join(ROOT, 'package-lock.json')];
  let newest = 0;
  for (const input of inputs) {
    const paths = statSync(input).isDirectory() ? readdirSync(input, { recursive: true, encoding: 'utf8' }).map((p) => join(input, p)) : [input];
    for (const path of paths) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  return existsSync(MANIFEST) && statSync(MANIFEST).mtimeMs >= newestSource();
}

/** Runs `vite build` when web/dist is missing or older than any web source (about a second). */
export async function ensureWebBuild(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!isFresh()) {
    try {
      mkdirSync(LOCK);
    } catch {
      // Another file is building; a lock older than the deadline is left over from a killed run.
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`web build lock ${LOCK} held for too long`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      // vitest sets NODE_ENV=test, which would give React's development build.
      const env = { ...process.env, NODE_ENV: 'production' };
      if (!isFresh()) execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', WEB, '--logLevel', 'warn'], { stdio: 'inherit', env });
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

export interface WebTest {
  t: TestApp;
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

/** A built web app served by a fresh test app, its clock at the real time (the browser stamps orders now). */
export async function startWebTest(): Promise<WebTest> {
  await ensureWebBuild();
  const t = await createTestApp({}, {}, { webRoot: WEB_DIST });
  t.setNow(new Date());
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
  return {
    t,
    browser,
    baseUrl: address,
    async close() {
      await browser.close();
      await t.drop();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${testBackend}-${name}.png`), fullPage: true });
}

/**
 * Accessibility smoke check: every visible form control has a label, every image a text alternative,
 * every button a name. Returns the offenders, described.
 */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (el: Element) => el.outerHTML.slice(0, 120);
    for (const control of Array.from(document.querySelectorAll<HTMLInputElement>('input, select, textarea'))) {
      if (control.type === 'hidden') continue;
      const labelled = (control.labels?.length ?? 0) > 0 || control.hasAttribute('aria-label') || control.hasAttribute('aria-labelledby');
      if (!labelled) problems.push(`unlabelled control ${describe(control)}`);
    }
    for (const image of Array.from(document.querySelectorAll('img'))) {
      if (!image.hasAttribute('alt')) problems.push(`image without alt ${describe(image)}`);
    }
    for (const svg of Array.from(document.querySelectorAll('svg'))) {
      if (svg.getAttribute('role') === 'img' && !svg.getAttribute('aria-label')) problems.push(`svg image without a label ${describe(svg)}`);
    }
    for (const button of Array.from(document.querySelectorAll('button'))) {
      if (!(button.textContent ?? '').trim() && !button.getAttribute('aria-label')) problems.push(`button without a name ${describe(button)}`);
    }
    if (!document.documentElement.lang) problems.push('html has no lang');
    return problems;
  });
}

let axeSource: string | undefined;
// WCAG 2.0 and 2.1, levels A and AA: the bar issue 8 sets.
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core's WCAG 2.0 and 2.1 level A and AA rules on the page as it is now and fails with one
 * line per problem: the rule, its impact, the elements and what to do. Call it once the screen shows
 * what it should (rules only see what is rendered).
 * @example await expectAccessible(page, 'wallet card');
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  axeSource ??= readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(
    (tags) => (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_TAGS,
  );
  const problems = describeViolations(results);
  if (problems.length > 0) throw new Error(`${label}: ${problems.length} accessibility violation(s)\n${problems.join('\n')}`);
}

function describeViolations(results: AxeResults): string[] {
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `- ${violation.id} (${violation.impact ?? 'unknown'}) at ${node.target.join(' ')}: ${violation.help}. ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`),
  );
}
