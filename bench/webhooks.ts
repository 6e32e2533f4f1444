// Outbox dispatch: seeds BENCH_WEBHOOK_EVENTS (50,000) outbox events for 10,000 members, one endpoint to
// a local receiver (its own process, as a real one would be) that answers 200 at once, then times the dispatcher (fan-out, claim, signed keep-alive
// POSTs, recording) draining the lot. Target ≥ 2,000 deliveries/s.
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { createEndpoint } from '../src/modules/webhooks/endpoints.js';
import { startWebhookDispatcher } from '../src/worker/webhook-dispatcher.js';

export interface WebhookBenchResult {
  events: number;
  seconds: number;
  perSecond: number;
  received: number;
}

/** Counts requests and answers 200 at once; prints its port, and its count when asked on stdin. */
const RECEIVER = `
let received = 0;
const server = require('node:http').createServer((request, response) => {
  request.resume();
  request.on('end', () => { received += 1; response.end('ok'); });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.on('data', () => console.log(received));
`;

function startReceiver(): Promise<{ port: number; child: ChildProcess; count(): Promise<number> }> {
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const nextLine = () => new Promise<number>((resolve) => child.stdout!.once('data', (data: Buffer) => resolve(Number(data.toString().trim()))));
  return nextLine().then((port) => ({
    port,
    child,
    count: () => {
      const answer = nextLine();
      child.stdin!.write('\n');
      return answer;
    },
  }));
}

async function seedOutbox(url: string, events: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into outbox (id, type, member_id, payload, occurred_at)
       select 'evt_wb' || lpad(i::text, 24, '0'), 'points.earned', 'mem_wb' || (i % 10000), jsonb_build_object('points', 10 + i % 90, 'orderId', 'ord_wb' || i), now()
       from generate_series(1, $1) i`,
      [events],
    );
    await client.query('analyze');
  } finally {
    await client.end();
  }
}

export async function timeWebhookDispatch(url: string, events: number): Promise<WebhookBenchResult> {
  const receiver = await startReceiver();
  const config = loadConfig({}, { databaseUrl: url, poolSize: 8, logLevel: 'silent' });
  const db = createDatabase(config);
  try {
    await migrate(db);
    await db.transaction((tx) => createEndpoint(tx, { url: `http://127.0.0.1:${receiver.port}/hook`, eventTypes: ['points.*'], enabled: true }, new Date()));
    await seedOutbox(url, events);
    const started = performance.now();
    const stop = startWebhookDispatcher(db, config, () => undefined);
    for (;;) {
      const [row] = await db.query<{ n: number }>("select count(*)::int as n from webhook_deliveries where status = 'delivered'");
      if (row!.n === events) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    await stop();
    return { events, seconds, perSecond: Math.round(events / seconds), received: await receiver.count() };
  } finally {
    await db.close();
    receiver.child.kill();
  }
}

export function describeWebhookDispatch(result: WebhookBenchResult): string {
  return `webhook dispatch: ${result.events} events drained in ${result.seconds.toFixed(1)} s = ${result.perSecond} deliveries/s (target ≥ 2,000; ${result.received} POSTs received)`;
}
