// CST → AST. Walks the Chevrotain CST in source order, tolerating the holes that error
// recovery leaves (missing children become `missing` expressions and are skipped by checks).

import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Diagnostic, Position, Span } from '../diagnostics.js';
import type * as A from './ast.js';
import { isRealToken, joinSpans, nodeSpan, pointSpan, tokenSpan } from './spans.js';
import { decodeString, dedentTriple } from './strings.js';
import { expressionBuilders } from './build-expr.js';
import { closedImage } from './tokens.js';

function isToken(e: CstElement | undefined): e is IToken {
  return e !== undefined && 'image' in e;
}

/** Children of a node, in source order, with invented tokens kept in place. */
function ordered(node: CstNode): CstElement[] {
  const all = Object.values(node.children).flat();
  const offset = (e: CstElement): number => (isToken(e) ? e.startOffset : (e.location?.startOffset ?? NaN));
  return all.sort((a, b) => (offset(a) || 0) - (offset(b) || 0));
}

export class AstBuilder {
  /** End of the last real token seen; invented tokens are placed here. */
  private last: Position = { line: 1, col: 1, offset: 0 };
  readonly diagnostics: Diagnostic[] = [];
  readonly expr = expressionBuilders(this);

  tok(node: CstNode, name: string, i = 0): IToken | undefined {
    const e = node.children[name]?.[i];
    return isToken(e) ? e : undefined;
  }

  toks(node: CstNode, name: string): IToken[] {
    return (node.children[name] ?? []).filter(isToken);
  }

  sub(node: CstNode, name: string, i = 0): CstNode | undefined {
    const e = node.children[name]?.[i];
    return e !== undefined && !isToken(e) ? e : undefined;
  }

  subs(node: CstNode, name: string): CstNode[] {
    return (node.children[name] ?? []).filter((e): e is CstNode => !isToken(e));
  }

  spanOfToken(t: IToken | undefined): Span {
    if (t === undefined || !isRealToken(t)) return pointSpan(this.last);
    const s = tokenSpan(t);
    this.last = s.end;
    return s;
  }

  spanOfNode(node: CstNode | undefined): Span {
    const s = node ? nodeSpan(node) : null;
    return s ?? pointSpan(this.last);
  }

  name(node: CstNode, tokenName = 'Identifier', i = 0): A.Named {
    const t = this.tok(node, tokenName, i);
    const nameSpan = this.spanOfToken(t);
    return { name: t && isRealToken(t) ? t.image : '', nameSpan };
  }

  spec(node: CstNode, comments: A.Comment[]): A.Spec {
    const statements = this.subs(node, 'statement')
      .map((s) => this.statement(s))
      .filter((s): s is A.Statement => s !== null);
    return { kind: 'spec', statements, comments, span: this.spanOfNode(node) };
  }

  private statement(node: CstNode): A.Statement | null {
    const [inner] = ordered(node);
    if (inner === undefined || isToken(inner)) return null;
    switch (inner.name) {
      case 'experimentBlock': return this.namedBlock(inner, 'experiment');
      case 'letStatement': return this.letStatement(inner);
      case 'sweepStatement': return this.sweepStatement(inner);
      case 'seedsStatement': return this.seedsStatement(inner);
      case 'dataBlock': return this.namedBlock(inner, 'data');
      case 'modelBlock': return this.namedBlock(inner, 'model');
      case 'trainBlock': return this.trainBlock(inner);
      case 'measureBlock': return this.measureBlock(inner);
      case 'expectBlock': return this.namedBlock(inner, 'expect');
      case 'reportBlock': return this.reportBlock(inner);
      case 'profileBlock': return this.profileBlock(inner);
      default: return null;
    }
  }

  private namedBlock<K extends 'experiment' | 'data' | 'model' | 'expect' | 'chart'>(node: CstNode, kind: K) {
    const span = this.spanOfNode(node);
    this.spanOfToken(toks0(node));
    const named = this.name(node);
    const settings = this.settingsBody(this.sub(node, 'settingsBody'));
    return { kind, ...named, settings, span };
  }

  private trainBlock(node: CstNode): A.TrainBlock {
    const span = this.spanOfNode(node);
    this.spanOfToken(this.tok(node, 'Train'));
    return { kind: 'train', settings: this.settingsBody(this.sub(node, 'settingsBody')), span };
  }

  private settingsBody(node: CstNode | undefined): A.Setting[] {
    if (!node) return [];
    return this.subs(node, 'setting').map((s) => this.setting(s));
  }

  setting(node: CstNode): A.Setting {
    const span = this.spanOfNode(node);
    const keys = this.toks(node, 'Identifier');
    const path = keys.filter(isRealToken).map((t) => t.image);
    const spans = keys.map((t) => this.spanOfToken(t));
    const pathSpan = spans.length ? joinSpans(spans[0]!, spans[spans.length - 1]!) : pointSpan(this.last);
    this.spanOfToken(this.tok(node, 'Equals'));
    const value = this.expr.expression(this.sub(node, 'expression'));
    return { kind: 'setting', path, pathSpan, value, span };
  }

  letStatement(node: CstNode): A.LetStatement {
    const span = this.spanOfNode(node);
    this.spanOfToken(this.tok(node, 'Let'));
    const named = this.name(node);
    this.spanOfToken(this.tok(node, 'Equals'));
    return { kind: 'let', ...named, value: this.expr.expression(this.sub(node, 'expression')), span };
  }

  sweepStatement(node: CstNode): A.SweepStatement {
    const span = this.spanOfNode(node);
    this.spanOfToken(this.tok(node, 'Sweep'));
    const target = this.sub(node, 'sweepTarget');
    const ids = target ? this.toks(target, 'Identifier') : [];
    const nameSpans = ids.map((t) => this.spanOfToken(t));
    const names = ids.map((t) => (isRealToken(t) ? t.image : ''));
    this.spanOfToken(this.tok(node, 'Equals'));
    const value = this.expr.expression(this.sub(node, 'expression'));
    return { kind: 'sweep', names, nameSpans, value, span };
  }

  private seedsStatement(node: CstNode): A.SeedsStatement {
    const span = this.spanOfNode(node);
    this.spanOfToken(this.tok(node, 'Equals'));
    return { kind: 'seeds', value: this.expr.expression(this.sub(node, 'expression')), span };
  }

  private measureBlock(node: CstNode): A.MeasureBlock {
    const span = this.spanOfNode(node);
    const items = this.subs(node, 'measureItem').map((item): A.MeasureItem => {
      const itemSpan = this.spanOfNode(item);
      const named = this.name(item);
      const list = this.sub(item, 'argumentList');
      const args = list ? this.expr.argumentList(list) : null;
      return { kind: 'measureItem', ...named, args, span: itemSpan };
    });
    return { kind: 'measure', items, span };
  }

  private reportBlock(node: CstNode): A.ReportBlock {
    const span = this.spanOfNode(node);
    const items = ordered(node)
      .filter((e): e is CstNode => !isToken(e))
      .map((e) => (e.name === 'chartItem' ? this.namedBlock(e, 'chart') : this.textItem(e)));
    return { kind: 'report', items, span };
  }

  private textItem(node: CstNode): A.TextItem {
    const span = this.spanOfNode(node);
    const t = this.tok(node, 'TripleString') ?? this.tok(node, 'StringLiteral');
    return { kind: 'text', text: this.stringExpr(t), span };
  }

  stringExpr(t: IToken | undefined): A.StringExpr {
    const span = this.spanOfToken(t);
    if (!t || !isRealToken(t)) return { kind: 'string', value: '', raw: '""', triple: false, span };
    const image = closedImage(t);
    const triple = image.startsWith('"""');
    if (triple) return { kind: 'string', value: dedentTriple(image), raw: t.image, triple, span };
    const decoded = decodeString(image);
    for (const bad of decoded.errors) {
      const start = { line: span.start.line, col: span.start.col + bad.index, offset: span.start.offset + bad.index };
      const end = { ...start, col: start.col + bad.length, offset: start.offset + bad.length };
      this.diagnostics.push({
        severity: 'error', code: 'E0104', message: `unknown escape \`${bad.text}\` in string`,
        span: { start, end }, hint: 'use \\n, \\t, \\", \\\\ or \\u{...}',
      });
    }
    return { kind: 'string', value: decoded.value, raw: t.image, triple, span };
  }

  private profileBlock(node: CstNode): A.ProfileBlock {
    const span = this.spanOfNode(node);
    this.spanOfToken(this.tok(node, 'Profile'));
    const named = this.name(node);
    const entries = ordered(node)
      .filter((e): e is CstNode => !isToken(e))
      .map((e): A.ProfileEntry => {
        if (e.name === 'letStatement') return this.letStatement(e);
        if (e.name === 'sweepStatement') return this.sweepStatement(e);
        return this.setting(e);
      });
    return { kind: 'profile', ...named, entries, span };
  }
}

function toks0(node: CstNode): IToken | undefined {
  const first = ordered(node)[0];
  return isToken(first) ? first : undefined;
}
