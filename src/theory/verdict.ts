// The verdict of one expectation: theory's claim next to the measurement, with the numbers
// behind it. Produced by the expectation evaluator, stored in results.json, shown by reports.

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface MeasuredValue {
  /** The measured statistic (a fitted slope, a rate, a final value, …). */
  value: number | null;
  /** Bootstrap interval over seeds, or null with `intervalNote` saying why (e.g. one seed). */
  interval: [number, number] | null;
  intervalNote?: string;
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
  /** What theory predicts (the right-hand side of a comparison), when it is a number. */
  predicted: number | null;
  /** Allowed deviation, as written (`within 0.1` → 0.1, `within 20%` → relative 0.2). */
  tolerance: { value: number; relative: boolean } | null;
  measured: MeasuredValue;
  verdict: Verdict;
  /** One sentence with the numbers behind the verdict. */
  detail: string;
}
