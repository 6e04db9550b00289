import { parse } from 'csv-parse/sync';
import type { Transaction } from 'kysely';
import type { Incoterm } from '../../core/network/index.ts';
import {
  ORDER_CSV_COLUMNS,
  type OrderDefaults,
  type OrderPlan,
  planOrder,
} from '../../core/planning/index.ts';
import type { DB } from '../db/schema.ts';
import { transactionExecutor } from '../db/store.ts';
import { type OrderRow, ordersFromText } from '../files/order-stream.ts';
import type { AppDeps } from '../http/context.ts';
import { HttpProblem } from '../http/problem.ts';
import { createOrder, planningContext } from './orders.ts';
import { getSellerProfile } from './seller-profile.ts';

/** A bulk upload holds at most this many orders. */
export const MAX_BULK_ORDERS = 100_000;
/** Rows planned and stored per transaction by the plan-batch job. */
export const BATCH_CHUNK_ROWS = 500;
/**
 * One run of the plan-batch job stops after the chunk that passes this, and enqueues the next
 * run: jobs stay well inside the queue's lease (expireInSeconds) however large the batch.
 */
export const BATCH_RUN_MS = 120_000;

export type BulkFormat = 'csv' | 'jsonl';

/** The upload's format from its Content-Type: CSV, or JSON Lines under any of its usual names. */
export function bulkFormatOf(contentType: string | undefined): BulkFormat | undefined {
  const essence = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (essence === 'text/csv') return 'csv';
  if (
    essence === 'application/x-ndjson' ||
    essence === 'application/jsonl' ||
    essence === 'application/x-jsonlines' ||
    essence === 'application/jsonlines'
  )
    return 'jsonl';
  return undefined;
}

/**
 * Counts the rows of a CSV upload without parsing it (a parse of 100,000 rows takes seconds; this
 * takes milliseconds): records end at line breaks outside double quotes, and blank lines are not
 * records. The header is counted.
 */
function countCsvRecords(text: string): number {
  let records = 0;
  let inQuotes = false;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      inQuotes = !inQuotes;
      blank = false;
    } else if (!inQuotes && (c === 10 || c === 13)) {
      if (!blank) records++;
      blank = true;
    } else if (blank && c !== 32 && c !== 9 && c !== 0xfeff) blank = false;
  }
  if (!blank) records++;
  return records;
}

function countJsonLines(text: string): number {
  let rows = 0;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (!blank) rows++;
      blank = true;
    } else if (blank && c !== 32 && c !== 9 && c !== 13 && c !== 0xfeff) blank = false;
  }
  if (!blank) rows++;
  return rows;
}

/**
 * The checks an upload gets before it is accepted (the rows themselves are checked by the job):
 * a CSV header with every column of the contract, at least one row, at most MAX_BULK_ORDERS.
 * Returns the number of rows.
 */
export function inspectUpload(format: BulkFormat, text: string): number {
  let rows: number;
  if (format === 'csv') {
    const headerLine = /^[\s\uFEFF]*([^\r\n]*)/.exec(text)?.[1] ?? '';
    let header: string[] = [];
    try {
      header = ((parse(headerLine, { trim: true }) as string[][])[0] ?? []).map((h) =>
        h.toLowerCase(),
      );
    } catch (e) {
      throw new HttpProblem(400, 'Invalid upload', `the CSV header is not readable: ${String(e)}`);
    }
    const missing = ORDER_CSV_COLUMNS.filter((c) => !header.includes(c));
    if (missing.length > 0) {
      throw new HttpProblem(
        400,
        'Invalid upload',
        `the CSV header (line 1) lacks ${missing.length} column(s) of the order contract`,
        missing.map((c) => ({ field: c, message: 'missing column' })),
      );
    }
    rows = countCsvRecords(text) - 1;
  } else {
    rows = countJsonLines(text);
  }
  if (rows <= 0) throw new HttpProblem(400, 'Invalid upload', 'the upload holds no orders');
  if (rows > MAX_BULK_ORDERS) {
    throw new HttpProblem(
      413,
      'Payload too large',
      `a bulk upload holds at most ${MAX_BULK_ORDERS} orders; this one has ${rows}`,
    );
  }
  return rows;
}

/** Stores an accepted upload as a queued batch and enqueues its plan-batch job, in the caller's transaction. */
export async function createBatch(
  deps: AppDeps,
  trx: Transaction<DB>,
  tenantId: string,
  format: BulkFormat,
  text: string,
  rows: number,
): Promise<string> {
  const id = deps.ids.next('bat');
  await trx
    .insertInto('batches')
    .values({
      id,
      tenant_id: tenantId,
      status: 'queued',
      format,
      source: text,
      total: rows,
      created_at: deps.clock.now(),
    })
    .execute();
  if (deps.queue)
    await deps.queue.enqueue(trx, 'plan-batch', { batchId: id, tenantId }, { singletonKey: id });
  return id;
}

export interface PlanBatchOptions {
  /** Rows per transaction (BATCH_CHUNK_ROWS). */
  readonly chunkRows?: number;
  /** Stop after the chunk that passes this many milliseconds and enqueue the rest (BATCH_RUN_MS). */
  readonly runMs?: number;
  /** Runs inside each chunk's transaction just before it commits: tests throw here to crash the job. */
  readonly beforeCommit?: (chunk: { readonly start: number; readonly rows: number }) => unknown;
}

interface BatchHead {
  readonly id: string;
  readonly tenant_id: string;
  readonly format: BulkFormat;
}

type ChunkRow = { readonly index: number; readonly row: OrderRow };

/**
 * The plan-batch job: parses the stored upload with the planner's row parsers, plans each good row
 * and stores it as an order of the batch, records every bad row's errors, `chunkRows` rows per
 * transaction. The batch's cursor (`processed`) advances in the same transaction as the chunk's
 * orders and errors, so a job that dies and is retried resumes exactly after the last committed
 * chunk: nothing is stored twice and nothing is lost. Two runners of one batch (a job retried
 * while its first run still works) take turns chunk by chunk under the batch row's lock. A run
 * stops after about `runMs` and enqueues the next one, so no job outlives its lease.
 *
 * Returns whether the batch is finished (false: a later run continues it).
 */
export async function planBatch(
  deps: AppDeps,
  batchId: string,
  options: PlanBatchOptions = {},
): Promise<boolean> {
  const db = deps.store.db;
  const started = performance.now();
  const batch = await db
    .selectFrom('batches')
    .select(['id', 'tenant_id', 'status', 'format', 'source', 'processed', 'created_at'])
    .where('id', '=', batchId)
    .executeTakeFirst();
  if (!batch || batch.status === 'done' || batch.status === 'failed') return true;
  if (batch.status === 'queued') {
    await db
      .updateTable('batches')
      .set({ status: 'running' })
      .where('id', '=', batchId)
      .where('status', '=', 'queued')
      .execute();
  }
  // Rows without their own order time are ordered when the batch was uploaded, on every run.
  const defaults: OrderDefaults = {
    tier: 'standard',
    incoterm: 'DDP' as Incoterm,
    orderedAtMs: batch.created_at.getTime(),
  };
  const chunkRows = Math.max(1, options.chunkRows ?? BATCH_CHUNK_ROWS);
  let next = batch.processed;
  let index = 0;
  let chunk: ChunkRow[] = [];
  const rows = ordersFromText(batch.format, batch.source, deps.planning.network, defaults);
  for await (const row of rows) {
    const i = index++;
    if (i < next) continue;
    chunk.push({ index: i, row });
    if (chunk.length < chunkRows) continue;
    const after = await commitChunk(deps, batch, chunk, options);
    chunk = [];
    if (after === null) return true;
    next = after;
    if (performance.now() - started > (options.runMs ?? BATCH_RUN_MS) && deps.queue) {
      // Enough for one run: the next continues from the cursor. (A crash before this enqueue
      // leaves the current job unfinished, so the queue retries it: nothing is lost.)
      await db
        .transaction()
        .execute((trx) =>
          deps.queue!.enqueue(trx, 'plan-batch', { batchId, tenantId: batch.tenant_id }),
        );
      return false;
    }
    // Let requests in between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (chunk.length > 0 && (await commitChunk(deps, batch, chunk, options)) === null) return true;
  await db.transaction().execute(async (trx) => {
    const now = await trx
      .selectFrom('batches')
      .select(['status', 'processed'])
      .where('id', '=', batchId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (now.status === 'done') return;
    await trx
      .updateTable('batches')
      .set({ status: 'done', total: now.processed, finished_at: deps.clock.now() })
      .where('id', '=', batchId)
      .execute();
  });
  return true;
}

/** Plans one chunk outside any transaction, then stores it; returns the cursor after it, or null when the batch is already done. */
async function commitChunk(
  deps: AppDeps,
  batch: BatchHead,
  chunk: readonly ChunkRow[],
  options: PlanBatchOptions,
): Promise<number | null> {
  // Planning is CPU work: done before the transaction, so it holds no connection meanwhile.
  const plans = new Map<number, OrderPlan | Error>();
  const registrations = (await getSellerProfile(deps.store.db, batch.tenant_id))?.profile
    .registrations;
  for (const { index, row } of chunk) {
    if (!row.result.ok) continue;
    try {
      plans.set(
        index,
        planOrder(
          registrations ? { ...row.result.order, registrations } : row.result.order,
          planningContext(deps),
        ),
      );
    } catch (e) {
      plans.set(index, e as Error);
    }
  }
  const idField = batch.format === 'csv' ? 'order_id' : 'id';
  return deps.store.db.transaction().execute(async (trx) => {
    const head = await trx
      .selectFrom('batches')
      .select(['status', 'processed'])
      .where('id', '=', batch.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (head.status === 'done' || head.status === 'failed') return null;
    const start = head.processed;
    if (start < chunk[0]!.index)
      throw new Error(`batch ${batch.id}: its cursor moved back to ${start}; run the job again`);
    // Rows another runner committed meanwhile are skipped.
    const todo = chunk.filter((r) => r.index >= start);
    if (todo.length === 0) return start;
    let accepted = 0;
    let rejected = 0;
    const errors: { line: number; n: number; field: string | null; message: string }[] = [];
    const bookingJobs: { orderId: string; tenantId: string }[] = [];
    for (const { index, row } of todo) {
      if (!row.result.ok) {
        rejected++;
        row.result.issues.forEach((issue, n) =>
          errors.push({ line: row.line, n, field: issue.field ?? null, message: issue.message }),
        );
        continue;
      }
      const planned = plans.get(index);
      if (planned instanceof Error || planned === undefined) {
        rejected++;
        errors.push({
          line: row.line,
          n: 0,
          field: null,
          message: `could not be planned: ${planned?.message ?? 'no plan'}`,
        });
        continue;
      }
      try {
        const order = registrations ? { ...row.result.order, registrations } : row.result.order;
        await createOrder(deps, trx, batch.tenant_id, order, batch.id, {
          planned,
          bookingJobs,
        });
        accepted++;
      } catch (e) {
        // The seller's order id is unique per seller: a row repeating one is rejected.
        if (!(e instanceof HttpProblem) || e.problem.status !== 409) throw e;
        rejected++;
        errors.push({ line: row.line, n: 0, field: idField, message: e.problem.detail ?? '' });
      }
    }
    for (let i = 0; i < errors.length; i += 1000) {
      await trx
        .insertInto('batch_errors')
        .values(errors.slice(i, i + 1000).map((e) => ({ batch_id: batch.id, ...e })))
        .execute();
    }
    // The chunk's booking jobs in one insert, in its transaction (one send per order would double the time).
    if (deps.queue && bookingJobs.length > 0) {
      await deps.queue.boss.insert(
        'book-order',
        bookingJobs.map((data) => ({ data, singletonKey: data.orderId })),
        { db: transactionExecutor(trx) } as never,
      );
    }
    await options.beforeCommit?.({ start, rows: todo.length });
    const after = start + todo.length;
    await trx
      .updateTable('batches')
      .set((eb) => ({
        status: 'running',
        processed: after,
        accepted: eb('accepted', '+', accepted),
        rejected: eb('rejected', '+', rejected),
        total: eb.fn('greatest', [eb.ref('total'), eb.val(after)]),
      }))
      .where('id', '=', batch.id)
      .execute();
    return after;
  });
}

/** A batch as the API shows it: progress, and a page of its per-row errors in line order. */
export async function batchResource(
  deps: AppDeps,
  id: string,
  tenantScope: string | null,
  page: { readonly errorsCursor?: string | undefined; readonly errorsLimit: number },
) {
  let q = deps.store.db
    .selectFrom('batches')
    .select([
      'id',
      'status',
      'format',
      'total',
      'processed',
      'accepted',
      'rejected',
      'created_at',
      'finished_at',
    ])
    .where('id', '=', id);
  if (tenantScope) q = q.where('tenant_id', '=', tenantScope);
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  let e = deps.store.db
    .selectFrom('batch_errors')
    .select(['line', 'n', 'field', 'message'])
    .where('batch_id', '=', id)
    .orderBy('line')
    .orderBy('n')
    .limit(page.errorsLimit + 1);
  if (page.errorsCursor !== undefined) {
    const m = /^(\d{1,9})\.(\d{1,9})$/.exec(page.errorsCursor);
    if (!m)
      throw new HttpProblem(400, 'Invalid request', undefined, [
        { field: 'errorsCursor', message: 'not a cursor this API gave out' },
      ]);
    const [line, n] = [Number(m[1]), Number(m[2])];
    e = e.where((eb) =>
      eb.or([eb('line', '>', line), eb.and([eb('line', '=', line), eb('n', '>', n)])]),
    );
  }
  const errors = await e.execute();
  const shown = errors.slice(0, page.errorsLimit);
  const last = shown[shown.length - 1];
  return {
    id: row.id,
    status: row.status,
    format: row.format,
    total: row.total,
    processed: row.processed,
    accepted: row.accepted,
    rejected: row.rejected,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
    errors: shown.map((x) => ({ line: x.line, field: x.field, message: x.message })),
    nextErrorsCursor: errors.length > page.errorsLimit && last ? `${last.line}.${last.n}` : null,
    links: { self: `/v1/batches/${row.id}` },
  };
}
