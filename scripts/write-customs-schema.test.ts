import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { renderCustomsSchemas, SCHEMA_DIR } from './write-customs-schema.ts';

it('the published customs JSON Schema is generated from the validating zod schema (run npm run schema)', async () => {
  for (const [file, text] of renderCustomsSchemas()) {
    expect(await readFile(new URL(file, SCHEMA_DIR), 'utf8'), file).toBe(text);
  }
});
