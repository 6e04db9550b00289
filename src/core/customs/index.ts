// The customs area's public face: other areas and the shell import only this file.
export * from './parties.ts';
