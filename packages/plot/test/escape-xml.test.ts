import { describe, expect, it } from '@jest/globals';
import { escapeXml } from '../src/escape-xml.js';

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;');
  });

  it('drops characters XML cannot hold and keeps the rest of Unicode', () => {
    expect(escapeXml('a\u0000b\u001Fc\tη=½ 😀 \uD800')).toBe('abc\tη=½ 😀 ');
  });
});
