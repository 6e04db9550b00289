import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { ZodError } from 'zod';
import type { NetworkIssue, SourceFile } from './types.ts';

export type PathSegment = string | number;

/** A parsed YAML file that can say on which line any path of it stands. */
export interface YamlSource {
  readonly path: string;
  readonly value: unknown;
  lineOf(path: readonly PathSegment[]): number | null;
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path)
    out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

export function readYaml(
  file: SourceFile,
): { ok: true; source: YamlSource } | { ok: false; issues: NetworkIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        file: file.path,
        line: lineCounter.linePos(e.pos[0]).line,
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const lineOf = (path: readonly PathSegment[]): number | null => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
        // For a collection the key's line reads better than its first child's.
        if (depth > 0 && (isMap(node) || isSeq(node))) {
          const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
          if (isMap(parent)) {
            const pair = parent.items.find(
              (p) => (p.key as { value?: unknown } | null)?.value === path[depth - 1],
            );
            const keyRange = (pair?.key as { range?: number[] } | null)?.range;
            if (keyRange) return lineCounter.linePos(keyRange[0]!).line;
          }
        }
        return lineCounter.linePos((node.range as number[])[0]!).line;
      }
    }
    return null;
  };
  return { ok: true, source: { path: file.path, value: doc.toJS(), lineOf } };
}

/** One issue per schema violation, with the file, the line and the path of the offending value. */
export function schemaIssues(source: YamlSource, error: ZodError): NetworkIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    // An unknown key (usually a typo) is reported at its own line, not at the line of its map.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        file: source.path,
        line: source.lineOf([...path, key]),
        field: formatPath([...path, key]),
        message: `unknown key "${key}" (misspelt, or not allowed here)`,
      }));
    }
    const field = formatPath(path);
    return [
      {
        file: source.path,
        line: source.lineOf(path),
        field: field || undefined,
        message: issue.message,
      },
    ];
  });
}
