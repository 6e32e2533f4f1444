// A real local HTTP receiver for webhook tests: records every request and answers as the test says.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed body's eventId and memberId. */
  eventId: string;
  memberId: string | null;
  type: string;
  status: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** What to answer each request with; 200 unless changed. Return null to never answer. */
  answer: (request: Omit<Received, 'status'>) => number | null;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver = { received: [] as Received[], answer: (() => 200) as Receiver['answer'] };
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const parsed = JSON.parse(body) as { eventId: string; memberId: string | null; type: string };
      const seen = { path: request.url ?? '/', headers: request.headers, body, eventId: parsed.eventId, memberId: parsed.memberId, type: parsed.type };
      const status = receiver.answer(seen);
      if (status === null) return;
      receiver.received.push({ ...seen, status });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `failed with ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
