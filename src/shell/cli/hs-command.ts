import { parseArgs } from 'node:util';
import {
  checkHsCode,
  formatHsCode,
  type HsCheck,
  type HsEntry,
  suggestHs,
} from '../../core/customs/index.ts';
import { isCountryCode } from '../../core/shared/index.ts';
import { loadHsNomenclature, loadUsHts } from '../files/customs-reference.ts';
import { type CliIo, UsageError } from './io.ts';

const USAGE = 'try: silkline hs check CODE [--country CC] [--json] | silkline hs suggest "TEXT"';

/** `silkline hs check|suggest …`: classification reference from the shipped HS 2022 and US HTS. */
export async function hsCommand(io: CliIo, args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'check') return hsCheck(io, rest);
  if (sub === 'suggest') return hsSuggest(io, rest);
  throw new UsageError(`unknown command "hs ${sub ?? ''}"; ${USAGE}`);
}

function countryOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cc = value.trim().toUpperCase();
  if (!isCountryCode(cc))
    throw new UsageError(
      `--country: "${value}" is not an ISO 3166-1 alpha-2 country code (e.g. US, DE, GB)`,
    );
  return cc;
}

const pathLines = (path: readonly HsEntry[]) =>
  path.map((e) => `  ${formatHsCode(e.code).padEnd(8)} ${e.description}`).join('\n');

async function hsCheck(io: CliIo, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { country: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0)
    throw new UsageError('hs check needs a CODE, e.g. silkline hs check 6109.10 --country US');
  // "6109 10 00 12" typed without quotes arrives as four words: one code.
  const code = positionals.join(' ');
  const country = countryOption(values.country);
  const nom = await loadHsNomenclature();
  const usHts = country === 'US' ? await loadUsHts() : undefined;
  const check = checkHsCode(nom, code, { country, usHts });
  if (values.json) {
    io.stdout(JSON.stringify(check) + '\n');
    return check.ok ? 0 : 1;
  }
  if (!check.ok) {
    io.stderr(`silkline: ${check.code} refused (${check.reason}): ${check.message}\n`);
    return 1;
  }
  io.stdout(`${formatHsCode(check.code)} is a valid classification${describeNational(check)}\n`);
  io.stdout(pathLines(check.path) + '\n');
  if (check.national?.description) {
    const line = usHts?.lines.get(check.national.code);
    const rate = line
      ? line.rateText === null
        ? '; base rate: on the 8-digit line, not in the table'
        : `; base rate: ${line.rateText}`
      : '';
    io.stdout(
      `  ${formatHsCode(check.national.code)} ${check.national.description} (${check.national.system}${rate})\n`,
    );
  }
  for (const note of check.notes) io.stdout(`note: ${note}\n`);
  return 0;
}

function describeNational(check: Extract<HsCheck, { ok: true }>): string {
  const n = check.national;
  if (!n) return '';
  return n.verified ? ` (${n.system}, verified)` : ` (${n.system}: national digits not verified)`;
}

async function hsSuggest(io: CliIo, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { limit: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const text = positionals.join(' ').trim();
  if (text === '')
    throw new UsageError(
      'hs suggest needs a description, e.g. silkline hs suggest "cotton t-shirt"',
    );
  if (text.length > 500) throw new UsageError('hs suggest: the description is over 500 characters');
  let limit = 10;
  if (values.limit !== undefined) {
    if (!/^\d+$/.test(values.limit) || Number(values.limit) < 1 || Number(values.limit) > 50)
      throw new UsageError(`--limit: "${values.limit}" must be a whole number from 1 to 50`);
    limit = Number(values.limit);
  }
  const nom = await loadHsNomenclature();
  const suggestions = suggestHs(nom, text, { limit });
  if (values.json) {
    io.stdout(JSON.stringify({ text, suggestions }) + '\n');
    return suggestions.length > 0 ? 0 : 1;
  }
  if (suggestions.length === 0) {
    io.stderr(
      `silkline: no HS subheading matches "${text}"; try other words (what it is, what it is made of)\n`,
    );
    return 1;
  }
  io.stdout(
    `HS subheadings for "${text}", best first (suggestions only: check the description and choose):\n`,
  );
  suggestions.forEach((s, i) => {
    const [chapter, heading] = s.path;
    io.stdout(
      `${String(i + 1).padStart(2)}. ${formatHsCode(s.code)}  ${s.description}\n` +
        `    in ${heading!.code} ${heading!.description} (chapter ${chapter!.code}); score ${s.score.toFixed(2)}, matched ${s.matched.join(', ')}\n`,
    );
  });
  return 0;
}
