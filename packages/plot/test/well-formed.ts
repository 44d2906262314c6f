/**
 * A small XML well-formedness check (tags balanced, one root, attributes quoted, no bare
 * "&" or "<" in text) — enough for the SVG this package writes, without an XML parser dependency.
 * Returns the problems found; empty when the document is well-formed.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  const stack: string[] = [];
  let roots = 0;
  let at = 0;
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    checkText(body.slice(at, m.index), stack.length === 0, problems);
    checkEntities(m[3] ?? '', problems);
    at = m.index + m[0].length;
    const [, closing, name = '', , selfClosing] = m;
    if (stack.length === 0 && closing === '') roots += 1;
    if (closing === '/') {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else if (selfClosing !== '/') {
      stack.push(name);
    }
  }
  checkText(body.slice(at), true, problems);
  if (stack.length > 0) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

function checkText(text: string, outside: boolean, problems: string[]): void {
  if (text.includes('<')) problems.push(`malformed markup near ${JSON.stringify(text.slice(text.indexOf('<'), 40))}`);
  if (outside && text.trim() !== '') problems.push(`text outside the root: ${JSON.stringify(text.slice(0, 40))}`);
  checkEntities(text, problems);
}

function checkEntities(text: string, problems: string[]): void {
  const bare = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(text);
  if (bare !== null) problems.push(`bare & near ${JSON.stringify(text.slice(bare.index, bare.index + 20))}`);
}
