// bodyText read from Node's request (a real server on loopback) and through Hono (in process):
// the same text, the same limit, and a connection that still serves once an answer is sent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpProblem } from './problem.ts';
import { bodyText } from './raw-body.ts';

const LIMIT = 64;

function echoApp() {
  const app = new Hono();
  app.post('/echo', async (c) => {
    const text = await bodyText(c, LIMIT);
    return c.json({ text, bytes: Buffer.byteLength(text) });
  });
  app.onError((e, c) =>
    e instanceof HttpProblem
      ? c.json(e.problem, e.problem.status as 413)
      : c.json({ unexpected: String(e) }, 500),
  );
  return app;
}

/** POSTs the body in the given pieces (chunked when no length is declared) on a kept-alive agent. */
function post(
  port: number,
  agent: http.Agent,
  pieces: readonly Buffer[],
  declareLength: boolean,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const size = pieces.reduce((n, p) => n + p.length, 0);
    const req = http.request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/echo',
        agent,
        headers: declareLength ? { 'content-length': size } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    for (const p of pieces) req.write(p);
    req.end();
  });
}

describe('bodyText', () => {
  let server: ReturnType<typeof serve>;
  let port: number;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  beforeAll(async () => {
    server = serve({ fetch: echoApp().fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((ok) => server.once('listening', () => ok()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    agent.destroy();
    await new Promise((ok) => server.close(ok));
  });

  // "Zürich 北京 🚚": two- three- and four-byte characters, split inside each by the pieces below.
  const text = 'Zürich 北京 🚚 {"a":1}';
  const bytes = Buffer.from(text, 'utf8');
  const splits = [1, 3, 9, 10, 15, 17];
  const pieces = splits
    .map((at, i) => bytes.subarray(i === 0 ? 0 : splits[i - 1]!, at))
    .concat([bytes.subarray(splits.at(-1)!)]);

  it('reads a body sent in pieces that split characters, as sent, from a real server', async () => {
    for (const declare of [true, false]) {
      const r = await post(port, agent, pieces, declare);
      expect(r).toEqual({ status: 200, body: { text, bytes: bytes.length } });
    }
  });

  it('gives what Request.text() gives: a byte order mark dropped, malformed bytes replaced', async () => {
    const odd = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('ok '),
      Buffer.from([0xc3]),
    ]);
    const expected = await new Request('http://x', { method: 'POST', body: odd }).text();
    const real = await post(port, agent, [odd], true);
    const inProcess = await echoApp().request('/echo', { method: 'POST', body: odd });
    expect(real.body.text).toBe(expected);
    expect(((await inProcess.json()) as { text: string }).text).toBe(expected);
  });

  it('refuses a body over the limit with 413, declared or not, and the next request is served', async () => {
    const big = Buffer.alloc(LIMIT + 1, 'x');
    const exact = Buffer.alloc(LIMIT, 'y');
    for (const declare of [true, false]) {
      const over = await post(port, agent, [big.subarray(0, 10), big.subarray(10)], declare);
      expect(over.status).toBe(413);
      expect(over.body.detail).toBe(`bodies are limited to ${LIMIT} bytes`);
      const next = await post(port, agent, [exact], declare);
      expect(next).toEqual({ status: 200, body: { text: exact.toString(), bytes: LIMIT } });
    }
    const inProcess = await echoApp().request('/echo', { method: 'POST', body: big });
    expect(inProcess.status).toBe(413);
  });
});
