// Statements and blocks back to lines: 2-space indent, one statement or setting per line,
// blank lines between top-level statements (consecutive `let`s, and `sweep`s with `seeds`,
// stay together) and between report items. Comments come from the attachment in comments.ts.

import type * as A from '../lang/ast.js';
import { attachedTo, childrenOf, type CommentMap, type FmtNode } from './comments.js';
import { printArgs, printExpr } from './expr.js';
import { own } from '../lang/lookup.js';

type Separate = (prev: FmtNode, next: FmtNode) => boolean;

const pad = (indent: number): string => ' '.repeat(indent);
const commentText = (c: A.Comment): string => c.text.trimEnd();
const gap = (fromLine: number, toLine: number): boolean => toLine - fromLine >= 2;

const GROUPS: Record<string, string> = { let: 'let', sweep: 'sweep', seeds: 'sweep' };
const topLevel: Separate = (a, b) => own(GROUPS, a.kind) === undefined || own(GROUPS, a.kind) !== own(GROUPS, b.kind);
const never: Separate = () => false;
const always: Separate = () => true;

export class Layout {
  readonly lines: string[] = [];

  constructor(private readonly comments: CommentMap) {}

  spec(spec: A.Spec): string {
    this.children(spec, 0, topLevel);
    return this.lines.length ? `${this.lines.join('\n')}\n` : '';
  }

  /** The children of a container, with their comments, then the comments left before its end. */
  private children(container: FmtNode, indent: number, separate: Separate): void {
    const kids = childrenOf(container) ?? [];
    kids.forEach((kid, i) => {
      const prev = kids[i - 1];
      const lead = attachedTo(this.comments, kid).leading;
      const first = lead[0];
      const blank = prev !== undefined &&
        (separate(prev, kid) || (first !== undefined && !first.inner && gap(prev.span.end.line, first.comment.span.start.line)));
      if (blank) this.lines.push('');
      this.leading(kid, indent);
      this.node(kid, indent);
    });
    const dangling = attachedTo(this.comments, container).dangling;
    let prevLine = kids.length ? kids[kids.length - 1]!.span.end.line : Infinity;
    for (const c of dangling) {
      if (gap(prevLine, c.span.start.line)) this.lines.push('');
      this.lines.push(pad(indent) + commentText(c));
      prevLine = c.span.start.line;
    }
  }

  /** Leading comments keep a blank line the source had, except around hoisted inner ones. */
  private leading(kid: FmtNode, indent: number): void {
    const lead = attachedTo(this.comments, kid).leading;
    lead.forEach((l, j) => {
      const before = lead[j - 1];
      if (before && !before.inner && !l.inner && gap(before.comment.span.start.line, l.comment.span.start.line)) {
        this.lines.push('');
      }
      this.lines.push(pad(indent) + commentText(l.comment));
    });
    const last = lead[lead.length - 1];
    if (last && !last.inner && gap(last.comment.span.start.line, kid.span.start.line)) this.lines.push('');
  }

  /** One node: its lines, with its trailing comment after the last one. */
  private node(node: FmtNode, indent: number): void {
    const kids = childrenOf(node);
    if (kids) this.block(node, indent);
    // A loop, not push(...lines): a long markdown block would overflow the stack.
    else for (const line of (pad(indent) + this.oneLine(node, indent)).split('\n')) this.lines.push(line);
    const trailing = attachedTo(this.comments, node).trailing;
    if (trailing) this.lines[this.lines.length - 1] += ` ${commentText(trailing)}`;
  }

  private block(node: FmtNode, indent: number): void {
    const { header, dangling } = attachedTo(this.comments, node);
    const kids = childrenOf(node) ?? [];
    const head = `${pad(indent)}${blockHead(node)} {`;
    if (!header && kids.length === 0 && dangling.length === 0) {
      this.lines.push(`${head}}`);
      return;
    }
    this.lines.push(header ? `${head} ${commentText(header)}` : head);
    this.children(node, indent + 2, node.kind === 'report' ? always : never);
    this.lines.push(`${pad(indent)}}`);
  }

  private oneLine(node: FmtNode, indent: number): string {
    switch (node.kind) {
      case 'let': return `let ${node.name} = ${printExpr(node.value, indent)}`;
      case 'sweep': return `sweep ${sweepTarget(node.names)} = ${printExpr(node.value, indent)}`;
      case 'seeds': return `seeds = ${printExpr(node.value, indent)}`;
      case 'setting': return `${node.path.join('.')} = ${printSettingValue(node, indent)}`;
      case 'measureItem': return node.args === null ? node.name : `${node.name}(${printArgs(node.args, indent)})`;
      case 'text': return `text ${printExpr(node.text, indent)}`;
      default: return '';
    }
  }
}

/** Lines longer than this are wrapped where the layout knows how (a model's layer list). */
export const LINE_WIDTH = 100;

/**
 * A setting's value; a `layers = [...]` list that would overflow LINE_WIDTH is printed one layer
 * per line, indented under the setting, with the closing bracket at the setting's indent.
 */
function printSettingValue(node: A.Setting, indent: number): string {
  const flat = printExpr(node.value, indent);
  const key = node.path.join('.');
  const v = node.value;
  if (node.path.at(-1) !== 'layers' || v.kind !== 'list' || indent + key.length + 3 + flat.length <= LINE_WIDTH) return flat;
  const items = v.items.map((item) => `${pad(indent + 2)}${printExpr(item, indent + 2)}`);
  return `[\n${items.join(',\n')}\n${pad(indent)}]`;
}

function sweepTarget(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : `(${names.join(', ')})`;
}

function blockHead(node: FmtNode): string {
  switch (node.kind) {
    case 'experiment': case 'data': case 'model': case 'expect': case 'chart': case 'profile':
      return `${node.kind} ${node.name}`;
    default: return node.kind;
  }
}
