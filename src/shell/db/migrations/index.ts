import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_initial.ts';

/** Every migration, in order. Forward only: there are no down migrations. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': m0001,
};
