// `fidelis clv fit`: BG/NBD + Gamma-Gamma from a summary or a transaction CSV, no database needed.
import { Command, Option } from 'commander';
import { ClvError } from '../modules/analytics/clv/errors.js';
import { SUMMARY_COLUMNS, TIME_UNITS, type TimeUnit } from '../modules/analytics/clv/summary.js';

interface FitOptions {
  summary?: string;
  transactions?: string;
  customerCol: string;
  dateCol: string;
  amountCol: string;
  calibrationEnd?: string;
  timeUnit: TimeUnit;
  json?: boolean;
}

async function summariesFrom(options: FitOptions) {
  if (Boolean(options.summary) === Boolean(options.transactions)) {
    throw new ClvError('clv_invalid_option', 'give exactly one of --summary <csv> or --transactions <csv>');
  }
  // Loaded here so other commands start without the CSV reader and the optimiser.
  const { readSummaryCsv, readTransactionsCsv } = await import('../modules/analytics/clv/csv.js');
  if (options.summary) return readSummaryCsv(options.summary);
  if (!options.calibrationEnd) throw new ClvError('clv_invalid_option', '--transactions needs --calibration-end YYYY-MM-DD');
  const columns = { customer: options.customerCol, date: options.dateCol, amount: options.amountCol };
  return readTransactionsCsv(options.transactions!, columns, options.calibrationEnd, options.timeUnit);
}

export function clvCommand(): Command {
  const clv = new Command('clv').description('customer lifetime value models (BG/NBD purchases and drop-out, Gamma-Gamma spend)');
  clv
    .command('fit')
    .description(
      'fit BG/NBD and Gamma-Gamma by maximum likelihood; print the parameters as JSON\n' +
        '  example: fidelis clv fit --summary customers.csv\n' +
        '  example: fidelis clv fit --transactions orders.csv --calibration-end 2026-06-30',
    )
    .option('--summary <csv>', `one row per customer: ${SUMMARY_COLUMNS.join(', ')}`)
    .option('--transactions <csv>', 'one row per purchase; same-day purchases count as one')
    .option('--customer-col <name>', 'customer column of --transactions', 'customer_id')
    .option('--date-col <name>', 'date column of --transactions (YYYY-MM-DD, a time after it is ignored)', 'date')
    .option('--amount-col <name>', 'amount column of --transactions', 'amount')
    .option('--calibration-end <date>', 'last day (inclusive) of the calibration period; later purchases are ignored')
    .addOption(new Option('--time-unit <unit>', 'unit of recency and T').choices(TIME_UNITS).default('week'))
    .option('--json', 'print errors as {"error":{"code","message"}} on stdout too')
    .action(async (options: FitOptions) => {
      try {
        const { fitClv, fitReport } = await import('../modules/analytics/clv/fit.js');
        const fit = fitClv(await summariesFrom(options), options.timeUnit);
        console.log(JSON.stringify(fitReport(fit)));
      } catch (error) {
        if (!(error instanceof ClvError)) throw error;
        if (options.json) console.log(JSON.stringify({ error: { code: error.code, message: error.message } }));
        else console.error(`clv fit: ${error.message} (${error.code})`);
        process.exitCode = 1;
      }
    });
  return clv;
}
