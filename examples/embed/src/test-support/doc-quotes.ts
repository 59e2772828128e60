/**
 * docs/embedding.md quotes code by marker: `<!-- quote: path#region -->` before a fenced block
 * means the block is the `// #region name` ... `// #endregion name` of that file, dedented.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '../../../..');

/** The lines between `// #region name` and `// #endregion name` of a repository file, dedented. */
export function region(path: string, name: string): string {
  const lines = readFileSync(join(REPO_ROOT, path), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region ${name}`);
  const end = lines.findIndex((line) => line.trim() === `// #endregion ${name}`);
  if (start < 0 || end < start) throw new Error(`no region ${name} in ${path}`);
  const body = lines.slice(start + 1, end);
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return body.map((line) => line.slice(indent)).join('\n');
}

export interface DocBlock {
  /** The marker before the block: `quote: path#region` or `command: name`; undefined when missing. */
  marker: string | undefined;
  language: string;
  code: string;
}

/** Every fenced block of a markdown page with the marker comment on the line before it. */
export function docBlocks(markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const fence = /(?:<!-- (.+?) -->\n)?```(\w*)\n([\s\S]*?)\n```/g;
  for (const match of markdown.matchAll(fence)) {
    blocks.push({ marker: match[1], language: match[2] ?? '', code: match[3] ?? '' });
  }
  return blocks;
}
