import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The import rules of docs/architecture.md are enforced by eslint.config.js; these cases prove the
// rule fires, so a config change that silently disables it fails here.
const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function ruleMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) =>
      ['no-restricted-imports', 'no-restricted-properties', 'no-restricted-syntax'].includes(
        m.ruleId ?? '',
      ),
    )
    .map((m) => m.message);
}

describe('architecture lint rules', () => {
  it('keeps Node I/O out of the core', async () => {
    const messages = await ruleMessages(
      'src/core/rating/probe.ts',
      "import { readFile } from 'node:fs/promises';\nexport const f = readFile;\n",
    );
    expect(messages.join('\n')).toMatch(/core does no I\/O/);
  });

  it('forbids the core from importing the shell', async () => {
    const messages = await ruleMessages(
      'src/core/network/probe.ts',
      "import { main } from '../../shell/cli/main.ts';\nexport const f = main;\n",
    );
    expect(messages.join('\n')).toMatch(/never imports the shell/);
  });

  it('lets areas meet only through index.ts and only along the allowed arrows', async () => {
    const deep = await ruleMessages(
      'src/core/network/probe.ts',
      "import { priceParcel } from '../rating/price.ts';\nexport const f = priceParcel;\n",
    );
    expect(deep.join('\n')).toMatch(/may import only/);
    const backwards = await ruleMessages(
      'src/core/rating/probe.ts',
      "import { loadNetwork } from '../network/index.ts';\nexport const f = loadNetwork;\n",
    );
    expect(backwards.join('\n')).toMatch(/may import only/);
    const allowed = await ruleMessages(
      'src/core/network/probe.ts',
      "import { priceParcel } from '../rating/index.ts';\nexport const f = priceParcel;\n",
    );
    expect(allowed).toEqual([]);
  });

  it('keeps clocks and randomness out of the core', async () => {
    const messages = await ruleMessages(
      'src/core/rating/probe.ts',
      'export const t = [Date.now(), new Date(), Math.random()];\n',
    );
    expect(messages).toHaveLength(3);
  });

  it('keeps the partner simulator on the public API: no shell, only the core’s public data', async () => {
    const shell = await ruleMessages(
      'src/simulator/probe.ts',
      "import { createApp } from '../shell/http/app.ts';\nexport const f = createApp;\n",
    );
    expect(shell.join('\n')).toMatch(/only over HTTP/);
    const internals = await ruleMessages(
      'src/simulator/probe.ts',
      "import { planOrder } from '../core/planning/index.ts';\nexport const f = planOrder;\n",
    );
    expect(internals.join('\n')).toMatch(/public data/);
    const deep = await ruleMessages(
      'src/simulator/probe.ts',
      "import { lookupCode } from '../core/tracking/mapping.ts';\nexport const f = lookupCode;\n",
    );
    expect(deep.join('\n')).toMatch(/public data/);
    const ok = await ruleMessages(
      'src/simulator/probe.ts',
      "import { loadNetwork } from '../core/network/index.ts';\nimport { lookupCode } from '../core/tracking/index.ts';\nexport const f = [loadNetwork, lookupCode];\n",
    );
    expect(ok).toEqual([]);
  });

  it('lets the shell use core areas only through index.ts', async () => {
    const deep = await ruleMessages(
      'src/shell/cli/probe.ts',
      "import { priceParcel } from '../../core/rating/price.ts';\nexport const f = priceParcel;\n",
    );
    expect(deep.join('\n')).toMatch(/only through its index\.ts/);
    const ok = await ruleMessages(
      'src/shell/cli/probe.ts',
      "import { priceParcel } from '../../core/rating/index.ts';\nexport const f = priceParcel;\n",
    );
    expect(ok).toEqual([]);
  });
});
