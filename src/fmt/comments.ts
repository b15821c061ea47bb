// Attaches the comments of a spec to its nodes so fmt can keep them. A comment belongs to the
// innermost block that contains it; there it trails the node ending on its line, opens the
// block (on the block's first line), leads the next node, or dangles before the closing `}`
// (or the end of the file). Comments inside a one-line node (a multi-line list, say) lead it.

import type * as A from '../lang/ast.js';

export interface Lead { comment: A.Comment; inner: boolean }

export interface Attached {
  leading: Lead[];
  trailing: A.Comment | null;
  header: A.Comment | null;
  dangling: A.Comment[];
}

export type FmtNode = A.Spec | A.Statement | A.Setting | A.MeasureItem | A.ChartItem | A.TextItem;

/** The children fmt prints one per line, or null for a node printed on one line. */
export function childrenOf(node: FmtNode): FmtNode[] | null {
  switch (node.kind) {
    case 'spec': return node.statements;
    case 'experiment': case 'data': case 'model': case 'train': case 'expect': case 'chart':
      return node.settings;
    case 'measure': return node.items;
    case 'report': return node.items;
    case 'profile': return node.entries;
    default: return null;
  }
}

export type CommentMap = Map<FmtNode, Attached>;

export function attachComments(spec: A.Spec): CommentMap {
  const map: CommentMap = new Map();
  attachIn(spec, spec.comments, map);
  return map;
}

export function attachedTo(map: CommentMap, node: FmtNode): Attached {
  let a = map.get(node);
  if (!a) {
    a = { leading: [], trailing: null, header: null, dangling: [] };
    map.set(node, a);
  }
  return a;
}

const startOf = (n: { span: A.Spec['span'] }): number => n.span.start.offset;
const endOf = (n: { span: A.Spec['span'] }): number => n.span.end.offset;

function attachIn(container: FmtNode, comments: readonly A.Comment[], map: CommentMap): void {
  const kids = childrenOf(container) ?? [];
  const inside = new Map<FmtNode, A.Comment[]>();
  for (const c of comments) {
    const at = startOf(c);
    const holder = kids.find((k) => startOf(k) <= at && at < endOf(k));
    if (holder && childrenOf(holder)) {
      inside.set(holder, [...(inside.get(holder) ?? []), c]);
    } else if (holder) {
      attachedTo(map, holder).leading.push({ comment: c, inner: true });
    } else {
      placeBetween(container, kids, c, map);
    }
  }
  for (const [kid, cs] of inside) attachIn(kid, cs, map);
}

/** A comment outside every child: trailing, block header, leading, or dangling. */
function placeBetween(container: FmtNode, kids: readonly FmtNode[], c: A.Comment, map: CommentMap): void {
  const at = startOf(c);
  const line = c.span.start.line;
  const before = kids.filter((k) => endOf(k) <= at);
  const prev = before[before.length - 1];
  if (prev && prev.span.end.line === line) {
    attachedTo(map, prev).trailing = c;
    return;
  }
  if (container.kind !== 'spec' && !prev && line === container.span.start.line) {
    attachedTo(map, container).header = c;
    return;
  }
  const next = kids.find((k) => startOf(k) > at);
  if (next) attachedTo(map, next).leading.push({ comment: c, inner: false });
  else attachedTo(map, container).dangling.push(c);
}
