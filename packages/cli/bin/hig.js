#!/usr/bin/env node
// The hig command; the build puts it in dist/ (npm install builds the workspace).
import '../dist/cli.js';
