// The tracking service (issue 6, docs/tracking.md "Service"): what routes, the CLI, jobs, the
// partner simulator and the buyers' page call. Events in (ingestEvents, importEventFile, the
// webhook batcher, polling), identifiers registered as parcels and legs get them, and a parcel's
// tracking out (trackingView, publicTrackingView), plus the operators' lists.
export {
  type EventOutcome,
  type EventResult,
  type EventSource,
  INGEST_CHUNK,
  type IncomingEvent,
  ingestChunk,
  ingestEvents,
} from './tracking-ingest.ts';
export {
  FILE_CHUNK,
  importEventFile,
  type ImportSummary,
  IngestBatcher,
  MAX_LISTED_ERRORS,
  webhookBatcher,
} from './tracking-batch.ts';
export { parcelOfIdentifier, registerShipmentIdentifiers } from './tracking-identifiers.ts';
export {
  listTrackingExceptions,
  listUnmappedCodes,
  publicTrackingView,
  type PublicTrackingView,
  trackingView,
  type TrackingView,
} from './tracking-view.ts';
export { rebuildParcels, type TrackingDeps } from './tracking-rebuild.ts';
export {
  DEFAULT_REBUILD_DELAY_MS,
  queuedRebuilder,
  QueuedRebuilder,
  queueStats,
  rebuildBacklog,
  rebuildQueuedOnce,
  shareOf,
} from './tracking-rebuild-queue.ts';
export { trackingContext, useTrackingMappings } from './tracking-context.ts';
export {
  pollPartnerEvents,
  startTrackingWorkers,
  sweepTracking,
  SWEEP_STALE_MS,
} from './tracking-jobs.ts';
export {
  issuePartnerSecret,
  SECRET_GRACE_MS,
  SIGNATURE_TOLERANCE_SECONDS,
  verifyPartnerSignature,
} from './partner-secrets.ts';
