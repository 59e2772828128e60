import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** A fenced block of a doc page whose info string says `tested` (```ts tested, ```tsx tested, ```vue tested). */
export interface DocSnippet {
  doc: string;
  language: string;
  /** 1-based line of the opening fence, to name the snippet in test output. */
  line: number;
  code: string;
}

const DOCS = join(__dirname, '..', '..', '..', '..', 'docs');

export function testedSnippets(doc: string): DocSnippet[] {
  const lines = readFileSync(join(DOCS, doc), 'utf8').split('\n');
  const snippets: DocSnippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w+) tested\s*$/.exec(lines[i] ?? '');
    if (!fence?.[1]) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`${doc}:${i + 1}: the tested block is not closed`);
    snippets.push({ doc, language: fence[1], line: i + 1, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return snippets;
}

/** A Vue single-file component's `<script setup>`, the part that runs. */
function vueScript(snippet: DocSnippet): string {
  const script = /<script setup lang="ts">\n([\s\S]*?)<\/script>/.exec(snippet.code)?.[1];
  if (script === undefined) throw new Error(`${snippet.doc}:${snippet.line}: no <script setup lang="ts">`);
  return script;
}

/**
 * Runs a snippet as a CommonJS module: its imports come from `modules`, and the browser globals it
 * uses (`location`, `document`, `console`, Vue's `defineProps`) from `globals`. Returns its exports.
 */
export async function runSnippet(
  snippet: DocSnippet,
  modules: Record<string, unknown>,
  globals: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const source = snippet.language === 'vue' ? vueScript(snippet) : snippet.code;
  const { outputText } = ts.transpileModule(source, {
    fileName: `snippet.${snippet.language === 'tsx' ? 'tsx' : 'ts'}`,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      jsx: ts.JsxEmit.ReactJSX,
      esModuleInterop: true,
    },
  });
  const require = (name: string): unknown => {
    if (!(name in modules))
      throw new Error(`${snippet.doc}:${snippet.line} imports ${name}, which the test does not provide`);
    return modules[name];
  };
  const module = { exports: {} as Record<string, unknown> };
  const names = Object.keys(globals);
  const run = new Function('require', 'module', 'exports', ...names, outputText) as (
    ...args: unknown[]
  ) => void;
  run(require, module, module.exports, ...names.map((name) => globals[name]));
  return module.exports;
}
