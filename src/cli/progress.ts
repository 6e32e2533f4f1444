// A progress bar on stderr by bytes of the input read, so stdout stays clean for --json.
import cliProgress from 'cli-progress';

export interface Progress {
  advance(bytes: number): void;
  stop(): void;
}

const SILENT: Progress = { advance: () => undefined, stop: () => undefined };

/**
 * Drawn only on a terminal: piped output, CI logs (no TTY there) and --json get no bar.
 * @example const progress = byteProgress('orders.csv', size, !options.json); stream.on('data', (c) => progress.advance(c.length))
 */
export function byteProgress(label: string, totalBytes: number, wanted: boolean): Progress {
  if (!wanted || !process.stderr.isTTY || totalBytes === 0) return SILENT;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} |{bar}| {percentage}% | {done}/{total_mb} MB | ETA {eta_formatted}`, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
  let done = 0;
  bar.start(totalBytes, 0, { done: mb(0), total_mb: mb(totalBytes) });
  return {
    advance(bytes) {
      done += bytes;
      bar.update(done, { done: mb(done) });
    },
    stop: () => bar.stop(),
  };
}
