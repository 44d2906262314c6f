import base from '../../jest.base.js';

/** @type {import('jest').Config} */
export default { ...base, setupFiles: ['<rootDir>/../dashboard/test/live-rendering.ts'] };
