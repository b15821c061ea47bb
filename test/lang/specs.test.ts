// Every example spec in specs/ parses without diagnostics and is already in fmt form.

import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { formatSpec } from '../../src/fmt/index.js';
import { exampleSpecs } from './helpers.js';

describe.each(exampleSpecs())('specs/$file', ({ text }) => {
  it('parses with no diagnostics', () => {
    expect(parseSpec(text).diagnostics).toEqual([]);
  });

  it('is in fmt form', () => {
    expect(formatSpec(text).text).toBe(text);
  });
});
