// The verdict of one expectation: theory's claim next to the measurement, with the numbers
// behind it. Produced by the expectation evaluator, stored in results.json, shown by reports.

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface MeasuredValue {
  /** The statistic's point estimate (a fitted slope, a rate, a mean of final values, …). */
  value: number | null;
  /** Interval over seeds: a 95% seed-bootstrap interval, or the range of the seeds (see intervalKind). */
  interval: [number, number] | null;
  /** `bootstrap`: ≥ MIN_SEEDS (5) seeds, percentile interval; `range`: fewer seeds, their range. */
  intervalKind?: 'bootstrap' | 'range' | null;
  /** Seeds behind the value. */
  seeds?: number;
  /** What the value is (`at(test_loss) (mean over 3 cells)`). */
  what?: string;
  /** Why there is no interval. */
  intervalNote?: string;
  /** A remark (e.g. "a bound, mean of 12 cells"). */
  note?: string;
}

/** The verdict of a claim on one model (or data block) of a spec with several. */
export interface GroupVerdict {
  /** The pinned blocks, e.g. { model: 'plain' }. */
  group: Record<string, string>;
  verdict: Verdict;
  detail: string;
  measured: MeasuredValue;
  compared: MeasuredValue | null;
  /** Unconverged cells among those the claim used. */
  unconverged: number;
}

export interface ExpectationVerdict {
  /** The expect block's name. */
  name: string;
  /** The claim as written in the spec (canonical text). */
  claim: string;
  source: string;
  says: string;
  /** Chart that shows it (a chart name of the report), if any. */
  figure: string | null;
  /** The expectation this one is a negative control of (`control = name`), or null. */
  control?: string | null;
  /** What theory predicts (the right-hand side of a comparison), when it is a number. */
  predicted: number | null;
  /** Allowed deviation, as written (`within 0.1` → 0.1, `within 20%` → relative 0.2). */
  tolerance: { value: number; relative: boolean } | null;
  /** The left-hand side of the (first) comparison. */
  measured: MeasuredValue;
  /** The right-hand side when it is measured too (`at(y, tau: max) > at(y, tau: min)`), else null. */
  compared?: MeasuredValue | null;
  /** lhs − rhs with its interval: the quantity the verdict is decided on. */
  difference?: MeasuredValue | null;
  /** One verdict per model (data block) when the claim names none in a spec with several; the verdict is their conjunction. */
  groups?: GroupVerdict[];
  /** Cells the claim used that reached the step limit without meeting `stop`. */
  unconverged?: number;
  verdict: Verdict;
  /** One sentence with the numbers behind the verdict (and the test used). */
  detail: string;
}
