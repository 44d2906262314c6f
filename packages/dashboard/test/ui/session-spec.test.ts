import { describe, expect, it } from '@jest/globals';
import { instantiate } from '@hig-lab/core';
import { methodsForSwitch } from '../../src/ui/session-spec.js';
import { CART } from './fixtures.js';

const cart = instantiate(CART);

describe('methodsForSwitch', () => {
  it('keeps the wanted methods the picked experiment can run, in the order given', () => {
    expect(methodsForSwitch(cart, ['HIG', 'SIP', 'GD'])).toEqual(['HIG', 'GD']);
  });

  it('falls back to every method it configures when it can run none of them, or none are named', () => {
    expect(methodsForSwitch(cart, ['SIP'])).toEqual(['GD', 'HIG']);
    expect(methodsForSwitch(cart, [])).toEqual(['GD', 'HIG']);
  });
});
