// Events in bulk: partner files (streamed, one transaction per chunk, errors by line) and the
// webhook's group commit (concurrent requests share one transaction; each answers only after the
// transaction holding its events has committed, so at-least-once delivery holds).
import type { Readable } from 'node:stream';
import { type EventFileFormat, readEventRecords } from '../files/tracking-event-files.ts';
import {
  type EventOutcome,
  type EventSource,
  identifierBucket,
  INGEST_CHUNK,
  type IncomingEvent,
  ingestChunk,
} from './tracking-ingest.ts';
import type { TrackingDeps } from './tracking-rebuild.ts';
import { queuedRebuilder } from './tracking-rebuild-queue.ts';

/** At most this many line errors are listed; the counts cover all. */
export const MAX_LISTED_ERRORS = 1_000;

/**
 * A partner's file is stored this many events at a time: fewer, larger statements (when each chunk
 * still rebuilt its own parcels, bench/tracking gave 0.60 parcels rebuilt per line at 2,000, 0.50
 * at 10,000 and 20,000 alike, about 3 % more events a second). A chunk's two transactions then hold
 * 5,000 events each, a few megabytes of statement text.
 */
export const FILE_CHUNK = 10_000;

export interface ImportSummary {
  /** Records read (lines with an event, or that should have had one). */
  total: number;
  recorded: number;
  unmatched: number;
  unmapped: number;
  duplicates: number;
  invalid: number;
  errors: { line: number; field: string; message: string }[];
  errorsTruncated: boolean;
  /** Unmapped codes met, with their counts: reported to operators, never guessed. */
  unmappedCodes: Record<string, number>;
}

function emptySummary(): ImportSummary {
  return {
    total: 0,
    recorded: 0,
    unmatched: 0,
    unmapped: 0,
    duplicates: 0,
    invalid: 0,
    errors: [],
    errorsTruncated: false,
    unmappedCodes: {},
  };
}

function addError(s: ImportSummary, line: number, field: string, message: string): void {
  if (s.errors.length < MAX_LISTED_ERRORS) s.errors.push({ line, field, message });
  else s.errorsTruncated = true;
}

function tally(s: ImportSummary, o: EventOutcome): void {
  switch (o.result) {
    case 'recorded':
      s.recorded++;
      break;
    case 'unmatched':
      s.unmatched++;
      break;
    case 'duplicate':
      s.duplicates++;
      break;
    case 'unmapped':
      s.unmapped++;
      s.unmappedCodes[o.code!] = (s.unmappedCodes[o.code!] ?? 0) + 1;
      break;
    case 'invalid':
      s.invalid++;
      break;
  }
}

/**
 * Imports a partner's event file: records are read as a stream and stored FILE_CHUNK at a time,
 * each chunk in its own transaction (a failure leaves the chunks before it stored; importing the
 * file again records only what is missing), their parcels queued for a rebuild a moment later
 * (tracking-rebuild-queue.ts: once for every file of a window that names them). Lines that
 * cannot be read or validated are reported with their line number; the others are kept. On
 * PostgreSQL two transactions are in flight, so the process's work on one (reading, normalizing)
 * overlaps the database's on the other: each chunk is split in two by tracking number
 * (partitionByTrackingNumber), so the two rarely insert the same event (when they do, the second
 * waits for the first and finds it stored).
 */
export async function importEventFile(
  deps: TrackingDeps,
  partnerId: string,
  format: EventFileFormat,
  input: Readable,
  options: {
    readonly source?: EventSource;
    readonly chunk?: number;
    readonly concurrency?: number;
    readonly onChunk?: (summary: ImportSummary) => void;
  } = {},
): Promise<ImportSummary> {
  const summary = emptySummary();
  const size = options.chunk ?? FILE_CHUNK;
  const concurrency = options.concurrency ?? (deps.store.kind === 'postgres' ? 2 : 1);
  let items: IncomingEvent[] = [];
  let lines: number[] = [];
  // Lines that could not be read in the chunk being gathered.
  let unreadable: { line: number; field: string; message: string }[] = [];
  // Chunks in flight, oldest first: each gives, once stored, how to count it (in file order).
  const inFlight: Promise<() => void>[] = [];
  const countOldest = async () => (await inFlight.shift()!)();
  // Listed in line order once all chunks are in (they finish in any order); a file of nothing
  // but errors keeps only the first ones in memory.
  const errors: { line: number; field: string; message: string }[] = [];
  const keepFirstErrors = () => {
    if (errors.length <= 2 * MAX_LISTED_ERRORS) return;
    errors.sort((a, b) => a.line - b.line);
    errors.length = MAX_LISTED_ERRORS + 1;
  };
  const send = async () => {
    const parts = partitionByTrackingNumber(items, lines, concurrency);
    errors.push(...unreadable);
    keepFirstErrors();
    items = [];
    lines = [];
    unreadable = [];
    for (const part of parts) {
      const stored = ingestChunk(deps, part.items, options.source ?? 'batch').then(
        (outcomes) => () => {
          outcomes.forEach((o, i) => {
            tally(summary, o);
            for (const e of o.errors ?? []) errors.push({ line: part.lines[i]!, ...e });
          });
          keepFirstErrors();
          options.onChunk?.(summary);
        },
      );
      // Counted (and its failure thrown) in turn; meanwhile not an unhandled rejection.
      stored.catch(() => undefined);
      inFlight.push(stored);
      if (inFlight.length >= concurrency) await countOldest();
    }
  };
  const rebuilder = queuedRebuilder(deps);
  rebuilder.importStarted();
  try {
    for await (const record of readEventRecords(format, input)) {
      summary.total++;
      if ('error' in record) {
        summary.invalid++;
        unreadable.push({ line: record.line, ...record.error });
        continue;
      }
      items.push({ partnerId, input: record.input });
      lines.push(record.line);
      if (items.length >= size) await send();
    }
    if (items.length > 0 || unreadable.length > 0) await send();
    while (inFlight.length > 0) await countOldest();
  } catch (e) {
    // Let the other chunk finish (or fail) before reporting: nothing runs on after the answer.
    await Promise.allSettled(inFlight);
    throw e;
  } finally {
    rebuilder.importEnded();
  }
  errors.sort((a, b) => a.line - b.line);
  for (const e of errors) addError(summary, e.line, e.field, e.message);
  return summary;
}

/**
 * Splits a chunk into `parts` by a hash of each event's tracking number (as sent), keeping the
 * file's order within each: events of one number always go together, so transactions running at
 * once rarely wait on each other's parcels.
 */
export function partitionByTrackingNumber(
  items: readonly IncomingEvent[],
  lines: readonly number[],
  parts: number,
): { items: IncomingEvent[]; lines: number[] }[] {
  const out = Array.from({ length: Math.max(1, parts) }, () => ({
    items: [] as IncomingEvent[],
    lines: [] as number[],
  }));
  items.forEach((item, i) => {
    const number = (item.input as { trackingNumber?: unknown } | null)?.trackingNumber;
    const part =
      out.length === 1
        ? 0
        : identifierBucket(typeof number === 'string' ? number : '') % out.length;
    out[part]!.items.push(item);
    out[part]!.lines.push(lines[i]!);
  });
  return out.filter((p) => p.items.length > 0);
}

interface Waiting {
  readonly items: readonly IncomingEvent[];
  readonly resolve: (outcomes: EventOutcome[]) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Group commit for webhook requests: events submitted while a transaction is running wait and go
 * together in the next one (up to maxEvents), so under load one transaction carries many
 * requests' events and the per-request cost is a share of it; alone, a request is stored at once.
 * One transaction at a time, on both stores: a second in flight on PostgreSQL halved the groups
 * and so cost more per event, here and on the server (410 / 290 µs against 340 / 200 in
 * bench/tracking's webhook phase), for no more events a second.
 */
export class IngestBatcher {
  private readonly deps: TrackingDeps;
  private readonly source: EventSource;
  private readonly maxEvents: number;
  private readonly gatherMs: number;
  private readonly waiting: Waiting[] = [];
  private running = false;
  private gathering: ReturnType<typeof setTimeout> | null = null;

  constructor(
    deps: TrackingDeps,
    source: EventSource,
    options: { maxEvents?: number; gatherMs?: number } = {},
  ) {
    this.deps = deps;
    this.source = source;
    this.maxEvents = options.maxEvents ?? INGEST_CHUNK;
    // PGlite runs in this thread and holds it during a transaction: requests arriving meanwhile
    // are read only after it, so the next transaction waits a moment for them to be read.
    this.gatherMs = options.gatherMs ?? (deps.store.kind === 'postgres' ? 0 : 20);
  }

  submit(items: readonly IncomingEvent[]): Promise<EventOutcome[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.gatherMs > 0 && !this.running && this.waiting.length > 0) {
      this.gathering ??= setTimeout(() => {
        this.gathering = null;
        this.start();
      }, this.gatherMs);
      return;
    }
    this.start();
  }

  private start(): void {
    if (this.running || this.waiting.length === 0) return;
    const batch: Waiting[] = [];
    let count = 0;
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!;
      if (batch.length > 0 && count + next.items.length > this.maxEvents) break;
      batch.push(this.waiting.shift()!);
      count += next.items.length;
    }
    this.running = true;
    void this.run(batch).finally(() => {
      this.running = false;
      this.pump();
    });
  }

  private async run(batch: readonly Waiting[]): Promise<void> {
    try {
      const outcomes = await ingestChunk(
        this.deps,
        batch.flatMap((w) => w.items),
        this.source,
      );
      let at = 0;
      for (const w of batch) {
        w.resolve(outcomes.slice(at, at + w.items.length));
        at += w.items.length;
      }
    } catch (e) {
      for (const w of batch) w.reject(e);
    }
  }
}

const batchers = new WeakMap<object, IngestBatcher>();

/** The process's group-commit batcher for webhook events on these deps' store. */
export function webhookBatcher(deps: TrackingDeps): IngestBatcher {
  let b = batchers.get(deps.store);
  if (!b) batchers.set(deps.store, (b = new IngestBatcher(deps, 'webhook')));
  return b;
}
