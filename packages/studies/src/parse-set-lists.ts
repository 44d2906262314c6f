import { SweepError } from './sweep-error.js';

/**
 * `--set name=v1,v2,...` assignments (repeatable) as a list of values per parameter. Rejects,
 * naming the assignment: a missing `=` or name, an empty value (`x=`, `x=1,,2`), a value given
 * twice, and a parameter set twice. Values stay strings; the plan checks them against the
 * experiment's parameters.
 */
export function parseSetLists(assignments: readonly string[], flag = '--set'): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const item of assignments) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? '' : item.slice(0, eq).trim();
    if (name === '') throw new SweepError(flag, `'${item}' must be written name=value or name=v1,v2,... (for example --set n=2,4)`);
    if (Object.hasOwn(lists, name)) throw new SweepError(flag, `parameter '${name}' is set twice; give its values as one list, ${name}=v1,v2`);
    const values = item.slice(eq + 1).split(',').map((v) => v.trim());
    if (values.some((v) => v === '')) throw new SweepError(flag, `'${item}' has an empty value for '${name}'`);
    const repeated = values.find((v, i) => values.indexOf(v) !== i);
    if (repeated !== undefined) throw new SweepError(flag, `'${item}' gives the value ${repeated} twice`);
    lists[name] = values;
  }
  return lists;
}
