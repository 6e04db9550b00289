import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { renderNetworkSchemas, SCHEMA_DIR } from './write-network-schema.ts';

it('the published JSON Schemas are generated from the validating zod schemas (run npm run schema)', async () => {
  for (const [file, text] of renderNetworkSchemas()) {
    expect(await readFile(new URL(file, SCHEMA_DIR), 'utf8'), file).toBe(text);
  }
});
