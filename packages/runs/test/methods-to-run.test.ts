import { describe, expect, it } from '@jest/globals';
import { instantiate } from '@hig-lab/core';
import { methodsToRun, UsageError } from '../src/index.js';
import { CART } from '../../dashboard/test/ui/fixtures.js';

const cart = instantiate(CART);

describe('methodsToRun', () => {
  it('takes every method the experiment configures, in the usual order, when none is named', () => {
    expect(methodsToRun(cart, [])).toEqual(['GD', 'HIG']);
  });

  it('keeps the named methods in the order given, Gauss–Newton included where HIG is configured', () => {
    expect(methodsToRun(cart, ['HIG', 'GN', 'GD'])).toEqual(['HIG', 'GN', 'GD']);
  });

  it.each([
    [['GD', 'SIP'], "--method: experiment 'cart' cannot run method 'SIP'; it has GD, HIG, GN"],
    [['GD', 'ADAM'], "--method: unknown method 'ADAM'; known: GD, SIP, HIG, GN"],
    [['GD', 'HIG', 'GD'], "--method: method 'GD' is named twice"],
  ])('rejects %j, naming the flag', (wanted, message) => {
    expect(() => methodsToRun(cart, wanted, '--method')).toThrow(UsageError);
    expect(() => methodsToRun(cart, wanted, '--method')).toThrow(message);
  });
});
