import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_initial.ts';
import * as m0002 from './0002_webhooks.ts';
import * as m0003 from './0003_bulk_and_partner.ts';
import * as m0004 from './0004_seller_profiles.ts';
import * as m0005 from './0005_parcels.ts';
import * as m0006 from './0006_export_declarations.ts';
import * as m0007 from './0007_tracking.ts';
import * as m0008 from './0008_leg_observations.ts';
import * as m0009 from './0009_consignment_identifiers.ts';
import * as m0010 from './0010_tracking_write_volume.ts';
import * as m0011 from './0011_tracking_rebuild_queue.ts';

/** Every migration, in order. Forward only: there are no down migrations. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': m0001,
  '0002_webhooks': m0002,
  '0003_bulk_and_partner': m0003,
  '0004_seller_profiles': m0004,
  '0005_parcels': m0005,
  '0006_export_declarations': m0006,
  '0007_tracking': m0007,
  '0008_leg_observations': m0008,
  '0009_consignment_identifiers': m0009,
  '0010_tracking_write_volume': m0010,
  '0011_tracking_rebuild_queue': m0011,
};
