// A request body as text, for routes that must see it exactly as sent (a signature covers its
// bytes) and are hot enough for the cost of reading it to show: the partner webhook.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { HttpProblem } from './problem.ts';

export function payloadTooLarge(maxBytes: number): HttpProblem {
  return new HttpProblem(413, 'Payload too large', `bodies are limited to ${maxBytes} bytes`);
}

/**
 * The body decoded as UTF-8, as `Request.text()` gives it (a leading byte order mark dropped,
 * malformed bytes as U+FFFD); more than `maxBytes` is a 413, refused from the declared length
 * before anything is read when the sender declares one.
 *
 * Under @hono/node-server the bytes are read from Node's request directly: building the web
 * Request and its stream, which is what `c.req.text()` (and Hono's bodyLimit) does first, cost
 * about 40 µs a request, a tenth of what the webhook costs in all (docs/benchmarks.md). Anywhere
 * else (in-process requests, tests) the same is read through Hono.
 */
export async function bodyText(c: Context, maxBytes: number): Promise<string> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > maxBytes) throw payloadTooLarge(maxBytes);
  const node = c.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
  const incoming = node?.incoming;
  if (!incoming || incoming.readableDidRead) {
    const text = await c.req.text();
    if (Buffer.byteLength(text, 'utf8') > maxBytes) throw payloadTooLarge(maxBytes);
    return text;
  }
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // The rest is left unread, so the connection cannot carry another request: it is closed
        // once the 413 is sent.
        incoming.off('data', onData);
        incoming.pause();
        if (node.outgoing) node.outgoing.shouldKeepAlive = false;
        reject(payloadTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    incoming.on('data', onData);
    incoming.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    incoming.once('error', reject);
  });
  // Decoded whole, never chunk by chunk: a character may straddle two chunks.
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
