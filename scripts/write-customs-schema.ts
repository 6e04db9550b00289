// Writes docs/schema/customs-regime.schema.json from the zod schema that validates the customs rule
// files (data/customs/regimes/*.yaml), so the published JSON Schema is the validator itself.
// `--check` exits 1 if the file is stale. Run by `npm run schema` after the network schemas.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { customsJsonSchemas } from '../src/core/customs/index.ts';

export const SCHEMA_DIR = new URL('../docs/schema/', import.meta.url);

export function renderCustomsSchemas(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, schema] of Object.entries(customsJsonSchemas()))
    out.set(`${name}.schema.json`, JSON.stringify(schema, null, 2) + '\n');
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  await mkdir(SCHEMA_DIR, { recursive: true });
  let stale = false;
  for (const [file, text] of renderCustomsSchemas()) {
    const url = new URL(file, SCHEMA_DIR);
    if (check) {
      if ((await readFile(url, 'utf8').catch(() => '')) !== text) {
        process.stderr.write(`docs/schema/${file} is stale: run npm run schema\n`);
        stale = true;
      }
    } else {
      await writeFile(url, text);
      process.stdout.write(`wrote docs/schema/${file}\n`);
    }
  }
  process.exit(stale ? 1 : 0);
}
