// Unit tests of formatSpec: layout, spacing, parentheses, strings, and where comments go.

import { describe, expect, it } from 'vitest';
import { formatSpec } from '../../src/fmt/index.js';

function fmt(text: string): string {
  const r = formatSpec(text);
  expect(r.diagnostics).toEqual([]);
  expect(formatSpec(r.text!).text).toBe(r.text);
  return r.text!;
}

const expr = (src: string): string => fmt(`let x = ${src}`).replace(/^let x = /, '').trimEnd();

describe('expressions', () => {
  it.each([
    ['0.1/tau^2', '0.1 / tau^2'],
    ['a*b+c', 'a * b + c'],
    ['(a+b)*c', '(a + b) * c'],
    ['a-(b-c)', 'a - (b - c)'],
    ['(a-b)-c', 'a - b - c'],
    ['a/(b*c)', 'a / (b * c)'],
    ['- 0.5', '-0.5'],
    ['-2^2', '-2^2'],
    ['(-2)^2', '(-2)^2'],
    ['2^(3^2)', '2^3^2'],
    ['(2^3)^2', '(2^3)^2'],
    ['2 ^ - 1', '2^-1'],
    ['-(a+b)', '-(a + b)'],
    ['- - a', '--a'],
    ['not(a and b)', 'not (a and b)'],
    ['(not a) and b', 'not a and b'],
    ['a or (b or c)', 'a or (b or c)'],
    ['(a or b) and c', '(a or b) and c'],
    ['(a==b)==c', '(a == b) == c'],
    ['s==-0.5 within 0.15', 's == -0.5 within 0.15'],
    ['x<y within 20 %', 'x < y within 20%'],
    ['x != y within (a + b)%', 'x != y within a + b%'],
    ['min( 10 ,0.1/tau^2 )', 'min(10, 0.1 / tau^2)'],
    ['normal( std : tau, )', 'normal(std: tau)'],
    ['[ 64 ,\n 128, ]', '[64, 128]'],
    ['f()', 'f()'],
    ['[]', '[]'],
    ['1E-3 + .5 + 3.', '1E-3 + .5 + 3.'],
    ['"tab\\there \\u{41} \\"q\\""', '"tab\\there A \\"q\\""'],
  ])('%s → %s', (src, out) => {
    expect(expr(src)).toBe(out);
  });
});

describe('layout', () => {
  it('groups lets, and sweeps with seeds; separates other statements by a blank line', () => {
    const text = 'let a = 1\n\n\nlet b = 2\nsweep m = [1]\n\nseeds = 3\ntrain { steps = 1 }\nmeasure { loss  w(per_layer:true) }';
    expect(fmt(text)).toBe(
      'let a = 1\nlet b = 2\n\nsweep m = [1]\nseeds = 3\n\ntrain {\n  steps = 1\n}\n\nmeasure {\n  loss\n  w(per_layer: true)\n}\n',
    );
  });

  it('prints zipped sweeps, empty blocks, profiles and report items', () => {
    const text = 'sweep (a,b)=zip([1,10],[0.1,0.01]) train{} report{chart c{x=m} text "t"} profile p{let a=1 sweep m=[8] train.steps=2}';
    expect(fmt(text)).toBe(
      'sweep (a, b) = zip([1, 10], [0.1, 0.01])\n\ntrain {}\n\nreport {\n  chart c {\n    x = m\n  }\n\n  text "t"\n}\n\n' +
        'profile p {\n  let a = 1\n  sweep m = [8]\n  train.steps = 2\n}\n',
    );
  });

  it('re-indents """ blocks to the block indent + 2, keeping their dedented content', () => {
    const text = 'report {\n    chart c {\n caption = """\n\t\t\tline one\n\n\t\t\t  two\n"""\n }\n}';
    expect(fmt(text)).toBe('report {\n  chart c {\n    caption = """\n      line one\n\n        two\n    """\n  }\n}\n');
    expect(fmt('let t = """one line"""')).toBe('let t = """\n  one line\n"""\n');
  });

  it('formats the empty spec as the empty text', () => {
    expect(fmt('')).toBe('');
    expect(fmt('  \n\n')).toBe('');
  });

  it('refuses input with errors and returns the diagnostics', () => {
    const r = formatSpec('let a = (1 +\nlet b = "\\q"');
    expect(r.text).toBeNull();
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });
});

describe('comments', () => {
  it('keeps leading, trailing, header, inner and dangling comments', () => {
    const text = [
      '# file header', '', '# about a', 'let a = 1   # trailing a  ', 'data d {   # header of d',
      '  # before x', '  x = [1, # inside the list', '     2]', '  # before }', '} # after d', '# end of file', '',
    ].join('\n');
    expect(fmt(text)).toBe([
      '# file header', '', '# about a', 'let a = 1 # trailing a', '', 'data d { # header of d',
      '  # before x', '  # inside the list', '  x = [1, 2]', '  # before }', '} # after d', '# end of file', '',
    ].join('\n'));
  });

  it('keeps one blank line the source had around comments, and indents them with their node', () => {
    const text = 'let a = 1\n\n\n# about b\n\n\nlet b = 2\nmodel m {\nx = 1\n\n    # about y\ny = 2\n}\n\n\n# the end\n';
    expect(fmt(text)).toBe('let a = 1\n\n# about b\n\nlet b = 2\n\nmodel m {\n  x = 1\n\n  # about y\n  y = 2\n}\n\n# the end\n');
  });

  it('keeps comments of a file without statements', () => {
    expect(fmt('# one\n# two\n\n# three')).toBe('# one\n# two\n\n# three\n');
  });

  it('puts a comment on a """ closing line after the quotes', () => {
    expect(fmt('report {\n  text """\n    hi\n  """ # why\n}\n')).toBe('report {\n  text """\n    hi\n  """ # why\n}\n');
  });
});

describe('layer lists', () => {
  const model = (layers: string) => `model m {\n  layers = ${layers}\n}\n`;
  const long = '[conv(64 * k, 3, padding: 1), relu, max_pool(2), conv(128 * k, 3, padding: 1), relu, max_pool(2), flatten]';

  it('keeps a list that fits on one line, and joins a short one written over several lines', () => {
    expect(fmt(model('[conv(4, 3), relu, flatten]'))).toBe(model('[conv(4, 3), relu, flatten]'));
    expect(fmt(model('[\n    conv(4, 3),\n    relu,\n    flatten\n  ]'))).toBe(model('[conv(4, 3), relu, flatten]'));
  });

  it('prints a list longer than the line width one layer per line, idempotently', () => {
    const wrapped = 'model m {\n  layers = [\n    conv(64 * k, 3, padding: 1),\n    relu,\n    max_pool(2),\n    conv(128 * k, 3, padding: 1),\n    relu,\n    max_pool(2),\n    flatten\n  ]\n}\n';
    expect(fmt(model(long))).toBe(wrapped); // fmt() also checks fmt(fmt(x)) == fmt(x)
    expect(fmt(wrapped)).toBe(wrapped);
    expect(Math.max(...wrapped.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it('wraps a profile override of a model\'s layers too, indented under it, keeping a trailing comment', () => {
    const out = fmt(`profile p {\n  model.m.layers = ${long} # small\n}\n`);
    expect(out).toBe('profile p {\n  model.m.layers = [\n    conv(64 * k, 3, padding: 1),\n    relu,\n    max_pool(2),\n    conv(128 * k, 3, padding: 1),\n    relu,\n    max_pool(2),\n    flatten\n  ] # small\n}\n');
  });

  it('leaves other long lists on one line', () => {
    const sweep = `sweep alpha = [${Array.from({ length: 30 }, (_, i) => i + 1).join(', ')}]\n`;
    expect(fmt(sweep)).toBe(sweep);
  });
});
