import { instantiate } from '@hig-lab/core';
import type { Registry } from '@hig-lab/core';

/** hig list: every registered experiment, its methods and its parameters with defaults. */
export function listExperiments(registry: Registry, out: NodeJS.WritableStream = process.stdout): void {
  for (const def of registry.list()) {
    const exp = instantiate(def);
    out.write(`${def.name}: ${def.title}\n  ${def.description}\n  methods: ${Object.keys(exp.methods).join(', ')}\n  parameters:\n`);
    for (const [name, spec] of Object.entries(def.parameters)) {
      const bounds = [spec.min !== undefined ? `>= ${spec.min}` : '', spec.max !== undefined ? `<= ${spec.max}` : ''].filter(Boolean).join(', ');
      out.write(`    ${name.padEnd(24)} ${String(spec.default).padEnd(10)} ${spec.integer ? 'integer ' : ''}${bounds}${spec.description ? `  ${spec.description}` : ''}\n`);
    }
  }
}
