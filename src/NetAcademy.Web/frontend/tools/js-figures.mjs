// Figures of the workspace's browser modules, measured with the TypeScript parser (the issue's acceptance asks for
// them before and after): files, lines, `window.` globals, and the largest functions with their line counts.
// Usage: node tools/js-figures.mjs [--top N] [--json]   (from src/NetAcademy.Web/frontend)
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const jsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'wwwroot', 'js');
const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 10;

/**
 * The figures of one module's source text.
 * @param {string} file name shown in the listing
 * @param {string} text
 */
export function figuresOf(file, text) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  /** @type {{ file: string, name: string, lines: number, line: number }[]} */
  const functions = [];
  /** Names assigned on window (window.x = ..., window['x'] = ...): the globals a module publishes. */
  const globals = new Set();
  let windowReferences = 0;
  const lineOf = (/** @type {number} */ pos) => source.getLineAndCharacterOfPosition(pos).line + 1;

  /** @param {ts.Node} node */
  function nameOf(node) {
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.getText(source);
    const parent = node.parent;
    if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
    if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
    if (parent && ts.isBinaryExpression(parent)) return parent.left.getText(source);
    if (parent && ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(source).slice(0, 40)})`;
    return '(anonymous)';
  }

  /** @param {ts.Node} node */
  function visit(node) {
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)
      || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node) || ts.isConstructorDeclaration(node)) {
      const start = lineOf(node.getStart(source));
      functions.push({ file, name: nameOf(node), line: start, lines: lineOf(node.getEnd()) - start + 1 });
    }
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && node.expression.getText(source) === 'window') {
      windowReferences++;
      const parent = node.parent;
      if (parent && ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        globals.add(ts.isPropertyAccessExpression(node) ? node.name.getText(source) : node.argumentExpression.getText(source));
      }
    }
    ts.forEachChild(node, visit);
  }
  visit(source);
  return { lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), functions, globals: [...globals], windowReferences };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = readdirSync(jsDir).filter(f => f.endsWith('.js')).sort();
  let lines = 0;
  let windowReferences = 0;
  const globals = [];
  const functions = [];
  for (const f of files) {
    const r = figuresOf(f, readFileSync(join(jsDir, f), 'utf8'));
    lines += r.lines;
    windowReferences += r.windowReferences;
    globals.push(...r.globals.map(g => `${f}: window.${g}`));
    functions.push(...r.functions);
  }
  functions.sort((a, b) => b.lines - a.lines);
  const over = (/** @type {number} */ n) => functions.filter(f => f.lines > n).length;
  const result = { files: files.length, lines, windowGlobals: globals, windowReferences, functionsOver120Lines: over(120), largest: functions.slice(0, top) };
  if (args.includes('--json')) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`files: ${result.files}  lines: ${result.lines}  window globals assigned: ${globals.length}${globals.length ? ` (${globals.join(', ')})` : ''}  window.* references: ${windowReferences}`);
    console.log(`functions over 120 lines: ${result.functionsOver120Lines}`);
    for (const f of result.largest) console.log(`${String(f.lines).padStart(5)}  ${f.file}:${f.line}  ${f.name}`);
  }
}
