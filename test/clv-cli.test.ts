// `fidelis clv fit` as an analyst runs it: a child process per command, CSV in, one JSON line out.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runFidelis } from './processes.js';

const fidelis = (...args: string[]) => runFidelis(args);

const CDNOW = fileURLToPath(new URL('./fixtures/cdnow-summary.csv', import.meta.url));


let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fidelis-clv-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('fidelis clv fit', { timeout: 60_000 }, () => {
  it('--summary prints the fitted parameters of the CDNOW cohort in the published shape', async () => {
    const result = await fidelis('clv', 'fit', '--summary', CDNOW);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { customers: number; bgnbd: Record<string, number>; gammaGamma: Record<string, number> };
    expect(Object.keys(report)).toEqual(['customers', 'bgnbd', 'gammaGamma']);
    expect(report.customers).toBe(2357);
    expect(Object.keys(report.bgnbd)).toEqual(['r', 'alpha', 'a', 'b', 'logLikelihood']);
    expect(report.bgnbd.r!.toFixed(3)).toBe('0.243');
    expect(report.bgnbd.logLikelihood!.toFixed(1)).toBe('-9582.4');
    expect(report.gammaGamma.p!.toFixed(2)).toBe('6.25');
  });

  it('--transactions summarises purchases up to the calibration end, then fits', async () => {
    // Twelve customers over eight weeks; enough variation for both models to have a maximum.
    const rows = ['member,when,total'];
    const visits = [[0], [0, 3, 10, 24], [2, 9], [5], [1, 4, 8, 15, 29, 40], [0, 30], [7], [3, 6], [12, 13, 33, 50], [20], [0, 44], [8, 9, 10, 11]];
    const spend = [12, 25, 9, 40, 18, 30, 11, 22, 15, 60, 8, 35];
    visits.forEach((days, i) =>
      days.forEach((day, k) => rows.push(`m${i},${new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10)},${spend[i]! + k * 3}`)),
    );
    rows.push('m1,2026-06-01,999');
    const path = join(dir, 'orders.csv');
    await writeFile(path, rows.join('\n'));
    const result = await fidelis('clv', 'fit', '--transactions', path, '--customer-col', 'member', '--date-col', 'when', '--amount-col', 'total', '--calibration-end', '2026-02-28', '--time-unit', 'week');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/NaN|Infinity|null/);
    const report = JSON.parse(result.stdout) as { customers: number; bgnbd: Record<string, number>; gammaGamma: Record<string, number> };
    expect(report.customers).toBe(12);
    for (const value of [...Object.values(report.bgnbd), ...Object.values(report.gammaGamma)]) expect(Number.isFinite(value)).toBe(true);
  });

  it('refuses a cohort without repeat customers: readable by default, {"error"} with --json, never NaN', async () => {
    const path = join(dir, 'once.csv');
    await writeFile(path, 'customer_id,frequency,recency,T,monetary_value\na,0,0,10,0\nb,0,0,12,0\n');
    const plain = await fidelis('clv', 'fit', '--summary', path);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toContain('no customer purchased more than once');
    const json = await fidelis('clv', 'fit', '--summary', path, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'clv_no_repeat_customers', message: expect.stringContaining('repeat customers') } });
  });

  it.each([
    [['--summary', 'a.csv', '--transactions', 'b.csv'], 'clv_invalid_option'],
    [['--transactions', 'b.csv'], 'clv_invalid_option'],
    [['--summary', '/nonexistent/customers.csv'], 'clv_input_unreadable'],
  ])('refuses %j', async (args, code) => {
    const result = await fidelis('clv', 'fit', ...args, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code } });
  });
});
