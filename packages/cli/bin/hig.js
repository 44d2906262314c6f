#!/usr/bin/env node
// The hig command. It runs the workspace's built JavaScript; when a package's sources changed
// since its last build, it rebuilds first, so that it always runs what the sources say.
import { rebuildIfStale } from './rebuild-if-stale.js';

rebuildIfStale();
await import('../dist/cli.js');
