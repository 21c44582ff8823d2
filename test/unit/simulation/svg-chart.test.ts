import { describe, expect, it } from 'vitest';
import { renderChart, simulate } from '#shared/simulation/index.ts';
import { exactModel, scriptedPolicy, traceOf } from './helpers.ts';

/** Minimal XML well-formedness check: balanced tags, quoted attributes, escaped text. Returns element names. */
function parseXml(xml: string): string[] {
  const names: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)([^<>]*?)(\/?)>/g;
  let cursor = 0;
  for (const match of xml.matchAll(tag)) {
    const text = xml.slice(cursor, match.index);
    if (/[<>]|&(?!#\d+;|amp;|lt;|gt;|quot;|apos;)/.test(text)) throw new Error(`bad text: ${text}`);
    const [, closing, name = '', attributes = '', selfClosing] = match;
    if (!/^(\s+[\w:-]+="[^"<]*")*\s*$/.test(attributes)) throw new Error(`bad attributes on ${name}: ${attributes}`);
    if (closing) {
      if (stack.pop() !== name) throw new Error(`unbalanced </${name}>`);
    } else {
      names.push(name);
      if (!selfClosing) stack.push(name);
    }
    cursor = (match.index ?? 0) + match[0].length;
  }
  if (stack.length > 0) throw new Error(`unclosed ${stack.join(', ')}`);
  if (xml.slice(cursor).trim() !== '') throw new Error('text after the root element');
  return names;
}

describe('renderChart', () => {
  const trace = traceOf([1, 1, 3, 3, 3, 3, 1, 1, 1, 1]);
  const up = simulate(trace, scriptedPolicy([4, 4, 8, 8, 8, 8, 4]), exactModel());
  const hold = simulate(trace, scriptedPolicy([4]), exactModel());

  it('writes well-formed SVG with one panel per run, a legend, axes and their labels', () => {
    const svg = renderChart([up, hold], { title: 'flash <crowd> & co', cpusPerInstance: 0.5 });
    const names = parseXml(svg);

    expect(names[0]).toBe('svg');
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('flash &#60;crowd&#62; &#38; co');
    for (const label of ['demand', 'ready capacity', 'provisioned instances', 'time (h)', 'CPU (cores)', 'instances']) {
      expect(svg).toContain(`>${label}<`);
    }
    expect(svg.match(/font-weight="bold">scripted/g)).toHaveLength(2);
  });

  it('marks each scaling action with a titled triangle', () => {
    const svg = renderChart([up], { title: 't', cpusPerInstance: 0.5 });

    expect(up.actions).toHaveLength(2);
    expect(svg).toContain('<title>0.05 h: 4 → 8</title>');
    expect(svg).toContain('<title>0.12 h: 8 → 4</title>');
  });
});
