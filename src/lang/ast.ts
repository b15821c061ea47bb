// The AST of a lazylab spec: a discriminated union on `kind`, every node with its source span.
// Parentheses are not kept (fmt re-inserts the ones precedence needs), so the AST is canonical.

import type { Span } from '../diagnostics.js';

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | 'and' | 'or';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type UnaryOp = '-' | '+' | 'not';

export interface NumberExpr { kind: 'number'; value: number; raw: string; span: Span }
export interface StringExpr { kind: 'string'; value: string; raw: string; triple: boolean; span: Span }
export interface RefExpr { kind: 'ref'; name: string; span: Span }
export interface Argument { name: string | null; nameSpan: Span | null; value: Expr; span: Span }
export interface CallExpr { kind: 'call'; callee: string; calleeSpan: Span; args: Argument[]; span: Span }
export interface UnaryExpr { kind: 'unary'; op: UnaryOp; operand: Expr; span: Span }
export interface BinaryExpr { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
export interface Tolerance { value: Expr; percent: boolean }
export interface CompareExpr {
  kind: 'compare';
  op: CompareOp;
  left: Expr;
  right: Expr;
  tolerance: Tolerance | null;
  span: Span;
}
export interface ListExpr { kind: 'list'; items: Expr[]; span: Span }
/** A piece that error recovery could not build; checks skip it. */
export interface MissingExpr { kind: 'missing'; span: Span }

export type Expr =
  | NumberExpr | StringExpr | RefExpr | CallExpr | UnaryExpr | BinaryExpr | CompareExpr | ListExpr
  | MissingExpr;

export interface Setting {
  kind: 'setting';
  /** Dotted path: one segment in blocks, several in profile overrides (`train.steps`). */
  path: string[];
  pathSpan: Span;
  value: Expr;
  span: Span;
}

export interface Named { name: string; nameSpan: Span }

export interface ExperimentBlock extends Named { kind: 'experiment'; settings: Setting[]; span: Span }
export interface LetStatement extends Named { kind: 'let'; value: Expr; span: Span }
export interface SweepStatement {
  kind: 'sweep';
  names: string[];
  nameSpans: Span[];
  value: Expr;
  span: Span;
}
export interface SeedsStatement { kind: 'seeds'; value: Expr; span: Span }
export interface DataBlock extends Named { kind: 'data'; settings: Setting[]; span: Span }
export interface ModelBlock extends Named { kind: 'model'; settings: Setting[]; span: Span }
export interface TrainBlock { kind: 'train'; settings: Setting[]; span: Span }
export interface MeasureItem extends Named { kind: 'measureItem'; args: Argument[] | null; span: Span }
export interface MeasureBlock { kind: 'measure'; items: MeasureItem[]; span: Span }
export interface ExpectBlock extends Named { kind: 'expect'; settings: Setting[]; span: Span }
export interface ChartItem extends Named { kind: 'chart'; settings: Setting[]; span: Span }
export interface TextItem { kind: 'text'; text: StringExpr; span: Span }
export interface ReportBlock { kind: 'report'; items: (ChartItem | TextItem)[]; span: Span }
export type ProfileEntry = LetStatement | SweepStatement | Setting;
export interface ProfileBlock extends Named { kind: 'profile'; entries: ProfileEntry[]; span: Span }

export type Statement =
  | ExperimentBlock | LetStatement | SweepStatement | SeedsStatement | DataBlock | ModelBlock
  | TrainBlock | MeasureBlock | ExpectBlock | ReportBlock | ProfileBlock;

export interface Comment { text: string; span: Span }

export interface Spec {
  kind: 'spec';
  statements: Statement[];
  comments: Comment[];
  span: Span;
}

export type Block = ExperimentBlock | DataBlock | ModelBlock | TrainBlock | ExpectBlock | ChartItem;

export function isBlockWithSettings(s: Statement | ChartItem): s is Block {
  return 'settings' in s;
}

/** The sub-expressions of an expression, in source order. */
export function exprChildren(e: Expr): Expr[] {
  switch (e.kind) {
    case 'unary': return [e.operand];
    case 'binary': return [e.left, e.right];
    case 'compare': return e.tolerance ? [e.left, e.right, e.tolerance.value] : [e.left, e.right];
    case 'call': return e.args.map((a) => a.value);
    case 'list': return e.items;
    default: return [];
  }
}

/** How many expressions sit inside one another at the deepest point (walked without recursion). */
export function exprDepth(e: Expr): number {
  let max = 0;
  const stack: [Expr, number][] = [[e, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    max = Math.max(max, d);
    for (const c of exprChildren(x)) stack.push([c, d + 1]);
  }
  return max;
}
