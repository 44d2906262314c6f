import { totalmem } from 'node:os';
import { ParameterError } from './errors.js';

/**
 * Refuses, before anything is allocated, a size that would not fit in this machine's memory: a
 * ParameterError naming the parameter(s) behind it, what the memory is for and how much it would
 * take. `limit` defaults to the machine's total memory.
 */
export function requireMemory(parameter: string, bytes: number, purpose: string, limit = totalmem()): void {
  if (bytes <= limit) return;
  throw new ParameterError(parameter, `asks for ${purpose} of about ${formatGigabytes(bytes)}, more than the ${formatGigabytes(limit)} this machine has`);
}

function formatGigabytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toPrecision(3)} GB` : `${(bytes / 1e6).toPrecision(3)} MB`;
}
