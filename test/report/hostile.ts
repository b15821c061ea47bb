// Crafted inputs for the security tests: verdicts, a spec and results whose every string a
// report shows carries markup, an attribute break-out, a `</script>` or a script link.

import type { RunResults } from '../../src/run/results.js';
import type { ExpectationVerdict } from '../../src/theory/verdict.js';
import { fixtureSpec, makeResults, verdict } from './helpers.js';

export const ATTR_BREAK = 'x" onmouseover="alert(1)';
export const SCRIPT_BREAK = '</script><script>alert(2)</script>';
export const IMG = '<img src=x onerror=alert(3)>';

/** Verdicts as a crafted results.json could hold them (the verdict is not one of the three). */
export function hostileVerdicts(): ExpectationVerdict[] {
  return [
    verdict({ verdict: ATTR_BREAK as never, claim: SCRIPT_BREAK, source: IMG, detail: `<svg onload=alert(4)>`, says: `[x](javascript:alert(5)) ${IMG}` }),
    verdict({
      name: `"><iframe src=javascript:alert(6)>`, verdict: `pass ${ATTR_BREAK}` as never, figure: ATTR_BREAK, says: `[y](JaVaScRiPt:alert(7))`,
      measured: { value: -0.5, interval: null, intervalNote: IMG },
    }),
  ];
}

/** The tiny spec with markup and script links in its title, abstract and caption. */
export function hostileSpec(): string {
  return fixtureSpec('a.lazy')
    .replace('title = "Tiny: weights move less as width grows"', `title = "${IMG} ${SCRIPT_BREAK}"`)
    .replace('The relative weight change', `[a](javascript:alert(8)) <script>alert(9)</script> ${IMG} The relative weight change`)
    .replace('caption = "Mean over seeds, band ±1 std."', 'caption = "[c](javascript:alert(10)) </style><style>*{display:none}</style>"');
}

/** Results whose swept values, reasons, backend and environment carry markup too. */
export function hostileResults(source: string): RunResults {
  const r = makeResults(source, { diverge: true });
  const first = r.cells[0]!.hash;
  return {
    ...r,
    backend: { ...r.backend, name: IMG as never, version: SCRIPT_BREAK },
    // The loss chart colors by m: a string m lands in the chart's JSON and its legend.
    records: r.records.map((x) => (x.cell === first ? { ...x, values: { m: SCRIPT_BREAK } } : x)),
    cells: r.cells.map((c, i) => (i === 0 ? { ...c, values: { m: IMG }, reason: SCRIPT_BREAK, status: ATTR_BREAK as never } : c)),
  };
}
