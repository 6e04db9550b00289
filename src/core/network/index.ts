export * from './types.ts';
export { loadNetwork, LOCATIONS_FILE, NETWORK_FILE, PARTNERS_DIR, RATES_DIR } from './load.ts';
export { durationCdf, durationFromFile, durationMean, durationQuantile } from './duration.ts';
export { summarizeNetwork, type NetworkSummary } from './summary.ts';
export { networkJsonSchemas } from './schema.ts';
export { readYaml, schemaIssues, formatPath, type YamlSource } from './yaml-source.ts';
