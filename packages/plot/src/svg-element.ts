import { escapeXml } from './escape-xml.js';

export type AttributeValue = string | number;

/** An SVG element; attribute values are escaped, `content` is inserted as is (already markup). */
export function svgElement(tag: string, attributes: Record<string, AttributeValue>, content?: string): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${typeof value === 'number' ? px(value) : escapeXml(value)}"`)
    .join('');
  return content === undefined ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${content}</${tag}>`;
}

/** A coordinate with at most two decimals, which is sub-pixel exact and keeps the SVG small. */
export function px(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}
