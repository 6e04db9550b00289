// Assembles the demo network: every file, in a fixed order, from the partner-group modules.
import { policyYaml, readme, stockCsv } from './extras.ts';
import { locationsYaml, networkYaml } from './locations.ts';
import { bundlePartners } from './partners-bundles.ts';
import { destinationPartners } from './partners-destination.ts';
import { linehaulPartners } from './partners-linehaul.ts';
import { originPartners } from './partners-origin.ts';
import { Output } from './util.ts';

export function buildDemoNetwork(): Map<string, string> {
  const out = new Output();
  networkYaml(out);
  locationsYaml(out);
  originPartners(out);
  linehaulPartners(out);
  destinationPartners(out);
  bundlePartners(out);
  stockCsv(out);
  policyYaml(out);
  readme(out, new Map([...out.partners].sort(([a], [b]) => (a < b ? -1 : 1))));
  return new Map([...out.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
