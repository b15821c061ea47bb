// Diagnostic texts about the files a spec reads (CSV data): missing, malformed, a label column
// that does not exist, too few rows. The engine's own errors about a CSV use the same texts.

/** What is wrong inside a CSV file, as data (the parser's result; the texts are below). */
export type CsvDefect =
  | { kind: 'no-header' }
  | { kind: 'columns'; line: number; expected: number; found: number }
  | { kind: 'number'; line: number; column: string; text: string }
  | { kind: 'no-label'; label: string };

/** The 1-based line of a defect (the header is line 1). */
export function csvDefectLine(d: CsvDefect): number {
  return d.kind === 'columns' || d.kind === 'number' ? d.line : 1;
}

export function csvDefectText(d: CsvDefect): string {
  switch (d.kind) {
    case 'no-header': return 'the first line must be a header naming the columns';
    case 'columns': return `expected ${d.expected} columns, found ${d.found}`;
    case 'number': return `column "${d.column}" is not a number: "${d.text}"`;
    case 'no-label': return `no column named "${d.label}" in the header`;
  }
}

/** `3: expected 3 columns, found 2` — appended to a file name, as in `data.csv:3: …`. */
export const describeCsvDefect = (d: CsvDefect): string => `${csvDefectLine(d)}: ${csvDefectText(d)}`;

export const csvUnreadable = (path: string, reason: string): string => `cannot read the data file "${path}": ${reason}`;
export const csvUnreadableHint = (resolved: string): string => `the path is relative to the spec's folder: ${resolved}`;
export const csvMalformed = (path: string, d: CsvDefect): string => `the data file "${path}" is not a numeric CSV table: line ${csvDefectLine(d)}: ${csvDefectText(d)}`;
export const csvMalformedHint = (): string => 'a header row, then one number per column on every line, separated by commas';
export const csvNoLabel = (path: string, label: string): string => `the data file "${path}" has no column named "${label}"`;
export const csvColumnsHint = (columns: readonly string[]): string => `its columns are: ${columns.join(', ')}`;
export const csvTooFewRows = (path: string, need: number, rows: number): string =>
  `n_train + n_test = ${need}, but the data file "${path}" has ${rows} row${rows === 1 ? '' : 's'}`;
export const csvTooFewRowsHint = (rows: number): string => `take at most ${rows} examples in all`;
export const csvNoFeatures = (path: string): string => `the data file "${path}" has no feature column besides the label`;
export const csvLabelsNotClasses = (path: string, label: string, loss: string): string =>
  `loss ${loss} needs class labels (0, 1, …), but column "${label}" of "${path}" has other values`;
export const csvLabelsNotClassesHint = (): string => 'use loss = mse for real-valued labels';
export const csvTooManyClasses = (path: string, label: string, classes: number, outputs: number, loss: string): string =>
  `column "${label}" of "${path}" has ${classes} classes, but ${loss === 'bce' ? 'loss bce takes 2' : `the model has ${outputs} outputs`}`;
export const csvTooManyClassesHint = (loss: string): string =>
  loss === 'bce' ? 'for more classes use head = softmax with loss = cross_entropy' : 'use head = softmax (one output per class)';
export const cifarUnreadable = (path: string, problem: string): string => `cannot read the CIFAR-10 folder "${path}": ${problem}`;
export const cifarHint = (where: string): string =>
  `put the CIFAR-10 binary version (cifar-10-binary.tar.gz from the CIFAR-10 page of the University of Toronto) unpacked in ${where}: data_batch_1.bin … data_batch_5.bin and test_batch.bin; lazylab never downloads it`;
export const badCifarClass = (c: unknown): string => `CIFAR-10 classes are 0–9, found ${String(c)}`;
export const cifarTwoClasses = (): string => 'keep at least two CIFAR-10 classes';
export const augmentNeedsImages = (kind: string): string => `augmentation crops and flips images, but \`${kind}\` data is a flat feature vector`;
export const augmentNeedsImagesHint = (): string => 'use it with mnist (28×28×1) or cifar10 (32×32×3) data, or remove `augment`';
export const augmentNeedsLayers = (model: string): string => `model \`${model}\` is fully connected (\`hidden\`); augmentation is applied by layered networks`;
export const augmentNeedsLayersHint = (): string => 'write the model as layers = [flatten, dense(…), relu, …], or remove `augment`';
export const augmentPaddingInteger = (v: number): string => `augmentation padding must be a whole number of pixels, found ${v}`;
export const cifarTooFew = (path: string, split: 'train' | 'test', classes: number[], need: number, have: number): string =>
  `${need} ${split} images of classes [${classes.join(', ')}] requested, but the CIFAR-10 folder "${path}" holds ${have} (${split === 'train' ? 'data_batch_1.bin … data_batch_5.bin' : 'test_batch.bin'})`;
export const cifarTooFewHint = (setting: string, have: number): string => `take ${setting} ≤ ${have}, or keep more classes`;
