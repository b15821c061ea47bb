// A line diff (longest common subsequence) in unified form with context, for showing the
// spec's text change next to its semantic change. Specs are short: O(n·m) is fine.

export interface DiffLine { op: ' ' | '-' | '+'; text: string }
export interface Hunk { header: string; lines: DiffLine[] }

export function diffLines(a: string[], b: string[]): DiffLine[] {
  const n = a.length, m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
    lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: DiffLine[] = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { out.push({ op: ' ', text: a[i]! }); i++; j++; }
    else if (j < m && (i === n || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) out.push({ op: '+', text: b[j++]! });
    else out.push({ op: '-', text: a[i++]! });
  }
  return out;
}

/** Unified hunks with `context` lines around each change. */
export function unifiedHunks(oldText: string, newText: string, context = 3): Hunk[] {
  const lines = diffLines(oldText.split('\n'), newText.split('\n'));
  const changed = lines.map((l, k) => (l.op !== ' ' ? k : -1)).filter((k) => k >= 0);
  const hunks: Hunk[] = [];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = Math.min(lines.length, changed[k]! + context + 1);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end) { k++; end = Math.min(lines.length, changed[k]! + context + 1); }
    k++;
    const before = lines.slice(0, start);
    const oldStart = before.filter((l) => l.op !== '+').length + 1, newStart = before.filter((l) => l.op !== '-').length + 1;
    const body = lines.slice(start, end);
    const header = `@@ -${oldStart},${body.filter((l) => l.op !== '+').length} +${newStart},${body.filter((l) => l.op !== '-').length} @@`;
    hunks.push({ header, lines: body });
  }
  return hunks;
}
