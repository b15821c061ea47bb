// Expressions back to text: canonical spacing, and parentheses only where precedence needs
// them (the AST keeps none). Binding strength, low → high:
// or, and, comparison, + -, * /, unary (- + not), ^ (right-associative), atoms.

import type * as A from '../lang/ast.js';
import { encodeString } from '../lang/strings.js';

const ATOM = 8;
const UNARY = 6;
const BINARY_PREC: Record<A.BinaryOp, number> = { or: 1, and: 2, '+': 4, '-': 4, '*': 5, '/': 5, '^': 7 };
const COMPARE = 3;
const ADDITIVE = 4;

/** How tightly an expression binds; a child binding looser than its slot needs parentheses. */
export function precedence(e: A.Expr): number {
  switch (e.kind) {
    case 'binary': return BINARY_PREC[e.op];
    case 'compare': return COMPARE;
    case 'unary': return UNARY;
    default: return ATOM;
  }
}

/**
 * Prints an expression whose line starts at `indent` spaces (the indent decides where the
 * lines of a """ block go). `min` is the weakest binding the slot accepts without parentheses.
 */
export function printExpr(e: A.Expr, indent: number, min = 0): string {
  const text = printBare(e, indent);
  return precedence(e) < min ? `(${text})` : text;
}

function printBare(e: A.Expr, indent: number): string {
  switch (e.kind) {
    case 'number': return e.raw;
    case 'string': return e.triple ? printTriple(e.value, indent) : encodeString(e.value);
    case 'ref': return e.name;
    case 'call': return `${e.callee}(${printArgs(e.args, indent)})`;
    case 'list': return `[${e.items.map((i) => printExpr(i, indent)).join(', ')}]`;
    case 'unary': return printUnary(e, indent);
    case 'binary': return printBinary(e, indent);
    case 'compare': return printCompare(e, indent);
    case 'missing': return '';
  }
}

export function printArgs(args: readonly A.Argument[], indent: number): string {
  return args
    .map((a) => (a.name === null ? printExpr(a.value, indent) : `${a.name}: ${printExpr(a.value, indent)}`))
    .join(', ');
}

function printUnary(e: A.UnaryExpr, indent: number): string {
  const operand = printExpr(e.operand, indent, UNARY);
  return e.op === 'not' ? `not ${operand}` : `${e.op}${operand}`;
}

function printBinary(e: A.BinaryExpr, indent: number): string {
  if (e.op === '^') return `${printExpr(e.left, indent, ATOM)}^${printExpr(e.right, indent, UNARY)}`;
  // A left-leaning chain of one precedence (`1 + 2 - 3 …`, as long as the user likes) is
  // walked in a loop: one call per term would run out of stack.
  const p = BINARY_PREC[e.op];
  const rights: string[] = [];
  let left: A.Expr = e;
  while (left.kind === 'binary' && left.op !== '^' && BINARY_PREC[left.op] === p) {
    rights.push(` ${left.op} ${printExpr(left.right, indent, p + 1)}`);
    left = left.left;
  }
  return printExpr(left, indent, p) + rights.reverse().join('');
}

function printCompare(e: A.CompareExpr, indent: number): string {
  const base = `${printExpr(e.left, indent, ADDITIVE)} ${e.op} ${printExpr(e.right, indent, ADDITIVE)}`;
  if (!e.tolerance) return base;
  const tol = printExpr(e.tolerance.value, indent, ADDITIVE);
  return `${base} within ${tol}${e.tolerance.percent ? '%' : ''}`;
}

/**
 * A """ block with its dedented content re-indented to indent + 2 and the closing quotes at
 * `indent`; blank lines carry no spaces. Content made only of blank-looking lines (e.g. a
 * no-break space) is not padded, since dedent would not remove the padding again.
 */
export function printTriple(value: string, indent: number): string {
  const lines = value.split('\n');
  const padded = lines.some((l) => l.trim() !== '');
  const pad = padded ? ' '.repeat(indent + 2) : '';
  const body = lines.map((l) => (l === '' ? '' : pad + l)).join('\n');
  return `"""\n${body}\n${' '.repeat(indent)}"""`;
}
