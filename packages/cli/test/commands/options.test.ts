import { describe, expect, it } from '@jest/globals';
import { instantiate } from '@hig-lab/core';
import { CliError } from '../../src/commands/cli-error.js';
import { methodsFor } from '../../src/commands/options.js';
import { CART } from '../../../dashboard/test/ui/fixtures.js';

const cart = instantiate(CART);

describe('methodsFor', () => {
  it('takes every method the experiment configures, in the usual order, when none is named', () => {
    expect(methodsFor(cart, [])).toEqual(['GD', 'HIG']);
  });

  it('keeps the named methods in the order given, Gauss–Newton included where HIG is configured', () => {
    expect(methodsFor(cart, ['HIG', 'GN', 'GD'])).toEqual(['HIG', 'GN', 'GD']);
  });

  it('rejects a method the experiment cannot run, naming the flag', () => {
    expect(() => methodsFor(cart, ['GD', 'SIP'], '--method')).toThrow(CliError);
    expect(() => methodsFor(cart, ['GD', 'SIP'], '--method')).toThrow("--method: experiment 'cart' cannot run method 'SIP'; it has GD, HIG, GN");
  });
});
