export * from './result.ts';
export * from './exact.ts';
export * from './money.ts';
export * from './codes.ts';
export * from './clock.ts';
export * from './ids.ts';
export * from './csv-table.ts';
export * from './time.ts';
