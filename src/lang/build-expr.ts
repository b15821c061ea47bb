// CST → AST for expressions: precedence levels fold left (right for `^`), parentheses vanish.

import type { CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import { exprDepth } from './ast.js';
import * as M from '../messages/index.js';
import type { AstBuilder } from './build.js';
import { joinSpans } from './spans.js';

/**
 * The deepest expression the later stages accept. Every AST walker (check, plan, fmt) recurses
 * once or a few times per level; a long flat chain `1 + 1 + …` is as deep as it is long.
 */
export const MAX_EXPR_DEPTH = 1000;

type Level = 'expression' | 'andExpression' | 'comparison' | 'additive' | 'multiplicative';

export function expressionBuilders(b: AstBuilder) {
  const missing = (): A.MissingExpr => ({ kind: 'missing', span: b.spanOfNode(undefined) });

  function chain(node: CstNode, childName: Level | 'unary', opName: string, build: (n: CstNode | undefined) => A.Expr): A.Expr {
    const operands = b.subs(node, childName);
    const ops = b.toks(node, opName);
    let left = build(operands[0]);
    for (let i = 1; i < operands.length; i++) {
      const opTok = ops[i - 1];
      b.spanOfToken(opTok);
      const op = (opTok?.image ?? '+') as A.BinaryOp;
      const right = build(operands[i]);
      left = { kind: 'binary', op, left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  }

  function expression(node: CstNode | undefined): A.Expr {
    return node ? chain(node, 'andExpression', 'Or', andExpression) : missing();
  }

  function andExpression(node: CstNode | undefined): A.Expr {
    return node ? chain(node, 'comparison', 'And', comparison) : missing();
  }

  function comparison(node: CstNode | undefined): A.Expr {
    if (!node) return missing();
    const sides = b.subs(node, 'additive');
    const left = additive(sides[0]);
    const opTok = b.tok(node, 'CompareOp');
    if (sides.length < 2 && !opTok) return left;
    b.spanOfToken(opTok);
    const right = additive(sides[1]);
    let tolerance: A.Tolerance | null = null;
    if (b.tok(node, 'Within')) {
      b.spanOfToken(b.tok(node, 'Within'));
      const value = additive(sides[2]);
      const pct = b.tok(node, 'Percent');
      if (pct) b.spanOfToken(pct);
      tolerance = { value, percent: pct !== undefined };
    }
    const end = tolerance ? tolerance.value.span : right.span;
    const op = (opTok?.image ?? '==') as A.CompareOp;
    return { kind: 'compare', op, left, right, tolerance, span: joinSpans(left.span, end) };
  }

  function additive(node: CstNode | undefined): A.Expr {
    return node ? chain(node, 'multiplicative', 'AddOp', multiplicative) : missing();
  }

  function multiplicative(node: CstNode | undefined): A.Expr {
    return node ? chain(node, 'unary', 'MulOp', unary) : missing();
  }

  function unary(node: CstNode | undefined): A.Expr {
    if (!node) return missing();
    const opTok: IToken | undefined = b.tok(node, 'AddOp') ?? b.tok(node, 'Not');
    if (!opTok) return power(b.sub(node, 'power'));
    const opSpan = b.spanOfToken(opTok);
    const operand = unary(b.sub(node, 'unary'));
    const op = (opTok.image === 'not' ? 'not' : opTok.image) as A.UnaryOp;
    return { kind: 'unary', op, operand, span: joinSpans(opSpan, operand.span) };
  }

  function power(node: CstNode | undefined): A.Expr {
    if (!node) return missing();
    const base = atom(b.sub(node, 'atom'));
    if (!b.tok(node, 'Caret')) return base;
    b.spanOfToken(b.tok(node, 'Caret'));
    const exponent = unary(b.sub(node, 'unary'));
    return { kind: 'binary', op: '^', left: base, right: exponent, span: joinSpans(base.span, exponent.span) };
  }

  function atom(node: CstNode | undefined): A.Expr {
    if (!node) return missing();
    const num = b.tok(node, 'NumberLiteral');
    if (num) {
      const span = b.spanOfToken(num);
      return { kind: 'number', value: Number(num.image), raw: num.image, span };
    }
    const str = b.tok(node, 'StringLiteral') ?? b.tok(node, 'TripleString');
    if (str) return b.stringExpr(str);
    const ref = b.sub(node, 'reference');
    if (ref) return reference(ref);
    const paren = b.sub(node, 'parenthesized');
    if (paren) {
      b.spanOfToken(b.tok(paren, 'LParen'));
      const inner = expression(b.sub(paren, 'expression'));
      b.spanOfToken(b.tok(paren, 'RParen'));
      return inner;
    }
    const list = b.sub(node, 'list');
    return list ? listExpr(list) : missing();
  }

  function reference(node: CstNode): A.Expr {
    const { name, nameSpan } = b.name(node);
    const argsNode = b.sub(node, 'argumentList');
    if (!argsNode) return name === '' ? { kind: 'missing', span: nameSpan } : { kind: 'ref', name, span: nameSpan };
    const args = argumentList(argsNode);
    const span = joinSpans(nameSpan, b.spanOfNode(argsNode));
    return { kind: 'call', callee: name, calleeSpan: nameSpan, args, span };
  }

  function listExpr(node: CstNode): A.ListExpr {
    const span = b.spanOfNode(node);
    b.spanOfToken(b.tok(node, 'LBracket'));
    const items = b.subs(node, 'expression').map((e) => expression(e));
    b.spanOfToken(b.tok(node, 'RBracket'));
    return { kind: 'list', items, span };
  }

  function argumentList(node: CstNode): A.Argument[] {
    b.spanOfToken(b.tok(node, 'LParen'));
    const args = b.subs(node, 'argument').map((arg): A.Argument => {
      const span = b.spanOfNode(arg);
      const nameTok = b.tok(arg, 'Identifier');
      if (nameTok) {
        const { name, nameSpan } = b.name(arg);
        b.spanOfToken(b.tok(arg, 'Colon'));
        return { name, nameSpan, value: expression(b.sub(arg, 'expression')), span };
      }
      return { name: null, nameSpan: null, value: expression(b.sub(arg, 'expression')), span };
    });
    b.spanOfToken(b.tok(node, 'RParen'));
    return args;
  }

  /** A whole expression (a setting's value, an argument of a measurement), refused when too deep. */
  function guarded(e: A.Expr): A.Expr {
    if (exprDepth(e) <= MAX_EXPR_DEPTH) return e;
    b.diagnostics.push({
      severity: 'error', code: 'E0108', message: M.expressionTooLong(MAX_EXPR_DEPTH), span: e.span, hint: M.nestedTooDeeplyHint(),
    });
    return { kind: 'missing', span: e.span };
  }

  return {
    expression: (node: CstNode | undefined) => guarded(expression(node)),
    argumentList: (node: CstNode) => argumentList(node).map((a) => ({ ...a, value: guarded(a.value) })),
  };
}
