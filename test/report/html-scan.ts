// A small HTML tokenizer for the security tests: start tags with their attributes, and the raw
// text of <script> and <style> elements, read the way the HTML tokenizer reads them (a `<`
// followed by a letter opens a tag; attribute values end at their quote; script and style run
// to the first `</script` or `</style`). No HTML parser is installed, and a test of escaping
// must not trust the code it tests: so this reads the page like a browser would, not like
// the renderer meant it.

export interface Tag { name: string; attrs: Map<string, string>; start: number }
export interface RawText { tag: Tag; text: string }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Attribute values as the browser sees them: character references decoded. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (m, ref: string) => {
    if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    return ENTITIES[ref.toLowerCase()] ?? m;
  });
}

function readAttrs(html: string, pos: number, attrs: Map<string, string>): number {
  let i = pos;
  for (;;) {
    while (/[\s/]/.test(html[i] ?? '')) i++;
    if (i >= html.length || html[i] === '>') return i + 1;
    const name = /^[^\s/>=][^\s/>=]*/.exec(html.slice(i))![0];
    i += name.length;
    while (/\s/.test(html[i] ?? '')) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (/\s/.test(html[i] ?? '')) i++;
      const q = html[i];
      if (q === '"' || q === "'") { const end = html.indexOf(q, i + 1); value = html.slice(i + 1, end); i = end + 1; }
      else { value = /^[^\s>]*/.exec(html.slice(i))![0]; i += value.length; }
    }
    const key = name.toLowerCase();
    if (!attrs.has(key)) attrs.set(key, decodeEntities(value));
  }
}

/** Every start tag in order, and the text inside each <script> and <style>. */
export function scanHtml(html: string): { tags: Tag[]; raw: RawText[] } {
  const tags: Tag[] = [], raw: RawText[] = [];
  let i = 0;
  while ((i = html.indexOf('<', i)) >= 0) {
    if (html.startsWith('<!--', i)) { i = html.indexOf('-->', i + 4) + 3; continue; }
    if (html[i + 1] === '!' || html[i + 1] === '/' || html[i + 1] === '?') { i = html.indexOf('>', i) + 1; continue; }
    const name = /^[a-z][^\s/>]*/i.exec(html.slice(i + 1))?.[0];
    if (!name) { i++; continue; }
    const tag: Tag = { name: name.toLowerCase(), attrs: new Map(), start: i };
    i = readAttrs(html, i + 1 + name.length, tag.attrs);
    tags.push(tag);
    if (tag.name === 'script' || tag.name === 'style') {
      const end = html.toLowerCase().indexOf(`</${tag.name}`, i);
      raw.push({ tag, text: html.slice(i, end) });
      i = end;
    }
  }
  return { tags, raw };
}
