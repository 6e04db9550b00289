import type { Network } from '../../core/network/index.ts';
import type {
  BorderContext,
  PlanningIndex,
  PlanningPolicy,
  StockTable,
} from '../../core/planning/index.ts';
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
    /** Dated customs rules: plans then include duties, taxes and fees at each chain's border. */
    readonly customs: BorderContext | undefined;
  };
  readonly clock: Clock;
  /**
   * Real time, for what other systems judge by their own clocks: the freshness of signature
   * timestamps in and out. The domain clock may run faster (the demo's accelerated clock).
   * Absent: the domain clock.
   */
  readonly wallClock?: Clock | undefined;
  readonly ids: IdSource;
  /** Requests bodies above this many bytes get 413. */
  readonly maxBodyBytes: number;
  /** Bulk uploads above this many bytes get 413. */
  readonly maxBulkBytes: number;
  /**
   * How many parcels' tracking the process keeps between rebuilds (tracking-rebuild.ts): 10 to
   * 13 KiB each; one not kept is read back from the store on its next event. Size it to the
   * parcels in flight (SILKLINE_TRACKING_CACHE_PARCELS). Absent: DEFAULT_CACHED_PARCELS.
   */
  readonly trackingCacheParcels?: number | undefined;
  /**
   * While partner files are imported, their parcels' tracking is rebuilt this often, once for
   * every file of the window that names them (tracking-rebuild-queue.ts): less work the longer,
   * and the stored status, ETA and exceptions that much behind the events
   * (SILKLINE_TRACKING_REBUILD_DELAY_MS). Absent: DEFAULT_REBUILD_DELAY_MS.
   */
  readonly trackingRebuildDelayMs?: number | undefined;
}

export type AppEnv = { Variables: { principal: Principal } };
