import { describe, expect, it } from '@jest/globals';
import { xmlProblems } from './well-formed.js';

// The checker is a test helper; make sure it does catch what it is meant to catch.
describe('xmlProblems (test helper)', () => {
  it('accepts a well-formed document', () => {
    expect(xmlProblems('<?xml version="1.0"?>\n<svg a="1"><g><path d="M0 0"/></g><text>a &amp; b</text></svg>\n')).toEqual([]);
  });

  it.each([
    ['unbalanced tags', '<svg><g></svg>'],
    ['unclosed root', '<svg><g></g>'],
    ['bare ampersand', '<svg><text>a & b</text></svg>'],
    ['bare less-than', '<svg><text>a < b</text></svg>'],
    ['unquoted attribute', '<svg a=1></svg>'],
    ['two roots', '<svg></svg><svg></svg>'],
  ])('rejects %s', (_, xml) => {
    expect(xmlProblems(xml)).not.toEqual([]);
  });
});
