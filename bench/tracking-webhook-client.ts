// The load generator of bench/tracking's webhook measurement, in its own process (as partners'
// systems are): posts each event as one signed request to POST /v1/partner/events, `concurrency`
// requests in flight, in the order given; prints one JSON line with the results.
//   node bench/tracking-webhook-client.ts INPUT.json
// INPUT: { url, concurrency, timestamp, secrets: {partnerId: secret}, events: [{partnerId, body}] }
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { signatureHeader } from '../src/shell/webhooks/signature.ts';

interface Input {
  readonly url: string;
  readonly concurrency: number;
  /** Unix seconds: the server's clock during the run. */
  readonly timestamp: number;
  readonly secrets: Readonly<Record<string, string>>;
  readonly events: readonly { readonly partnerId: string; readonly body: string }[];
}

const input = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Input;
// node:http with kept-alive connections rather than fetch: the generator shares the machine's two
// cores with the service, and fetch (undici, web streams) spends about twice the CPU per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: input.concurrency });
const target = new URL('/v1/partner/events', input.url);

function post(partnerId: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'silkline-partner': partnerId,
          'silkline-signature': signatureHeader(input.secrets[partnerId]!, input.timestamp, body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const counts: Record<string, number> = {};
const latencies: number[] = [];
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: input.concurrency }, async () => {
    for (;;) {
      const i = next++;
      const e = input.events[i];
      if (!e) return;
      const t = performance.now();
      const res = await post(e.partnerId, e.body);
      const answer = JSON.parse(res.body) as { results?: { result: string }[] };
      latencies.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`webhook: ${res.status} ${JSON.stringify(answer)}`);
      const r = answer.results![0]!.result;
      counts[r] = (counts[r] ?? 0) + 1;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
agent.destroy();
latencies.sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({
    seconds,
    counts,
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  }) + '\n',
);
