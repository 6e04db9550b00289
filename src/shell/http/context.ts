import type { Network } from '../../core/network/index.ts';
import type { PlanningIndex, PlanningPolicy, StockTable } from '../../core/planning/index.ts';
import type { Clock, IdSource } from '../../core/shared/index.ts';
import type { Principal } from '../auth/keys.ts';
import type { Store } from '../db/store.ts';
import type { Queue } from '../jobs/queue.ts';

/** Everything a request handler or job needs, passed in (no globals). */
export interface AppDeps {
  readonly store: Store;
  /** Absent in API-only tests: jobs are then not enqueued. */
  readonly queue: Queue | null;
  readonly planning: {
    readonly network: Network;
    readonly index: PlanningIndex;
    readonly policy: PlanningPolicy;
    readonly stock: StockTable | undefined;
  };
  readonly clock: Clock;
  readonly ids: IdSource;
  /** Requests bodies above this many bytes get 413. */
  readonly maxBodyBytes: number;
  /** Bulk uploads above this many bytes get 413. */
  readonly maxBulkBytes: number;
}

export type AppEnv = { Variables: { principal: Principal } };
