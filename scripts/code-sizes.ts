/**
 * Lists the product's long files (over 300 lines) and long functions (over 80 lines), longest
 * first: where a reader is most likely to get lost. Tests, fixtures and benchmarks are left out.
 * `npm run sizes` (limits: SIZES_FILE_LINES, SIZES_FUNCTION_LINES).
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

import ts from 'typescript';

const FILE_LINES = Number(process.env.SIZES_FILE_LINES ?? 300);
const FUNCTION_LINES = Number(process.env.SIZES_FUNCTION_LINES ?? 80);
const PRODUCT_FOLDERS = ['app', 'components', 'lib', 'sandbox', 'scripts', 'proxy.ts', 'instrumentation.ts'];

function productFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--', ...PRODUCT_FOLDERS], { encoding: 'utf8' });
  return listed
    .split('\n')
    .filter((path) => /\.(ts|tsx)$/.test(path))
    .filter((path) => !/\.test\.tsx?$|\.d\.ts$|(^|\/)test-support\//.test(path));
}

type Sized = { where: string; lines: number };

/** The name a reader would search for: the function's own, or the variable or property holding it. */
function nameOf(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
}

function longFunctions(path: string, text: string): Sized[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: Sized[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > FUNCTION_LINES) found.push({ where: `${path}:${start + 1} ${nameOf(node)}`, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files: Sized[] = [];
const functions: Sized[] = [];
for (const path of productFiles()) {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > FILE_LINES) files.push({ where: path, lines });
  functions.push(...longFunctions(path, text));
}

const byLength = (a: Sized, b: Sized) => b.lines - a.lines || a.where.localeCompare(b.where);
console.log(`Files over ${FILE_LINES} lines: ${files.length}`);
for (const file of files.sort(byLength)) console.log(`  ${String(file.lines).padStart(5)}  ${file.where}`);
console.log(`Functions over ${FUNCTION_LINES} lines: ${functions.length}`);
for (const fn of functions.sort(byLength)) console.log(`  ${String(fn.lines).padStart(5)}  ${fn.where}`);
