import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  demoPartners,
  generateTrackingMappings,
  TRACKING_MAPPINGS_OUT_DIR,
} from './generate-tracking-mappings.ts';

it('the shipped mapping tables are the generated ones (run node scripts/generate-tracking-mappings.ts)', async () => {
  const partners = await demoPartners();
  const files = generateTrackingMappings(partners);
  const onDisk = (await readdir(TRACKING_MAPPINGS_OUT_DIR)).filter((n) => n.endsWith('.yaml'));
  expect(onDisk.map((n) => `mappings/${n}`).sort()).toEqual([...files.keys()].sort());
  for (const [path, text] of files) {
    expect(await readFile(join(TRACKING_MAPPINGS_OUT_DIR, '..', path), 'utf8'), path).toBe(text);
  }
  // Deterministic: generating twice gives the same files.
  expect(generateTrackingMappings([...partners].reverse())).toEqual(files);
});
