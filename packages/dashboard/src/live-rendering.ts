/**
 * Ink draws only the final frame when the environment says CI (`CI` or `CONTINUOUS_INTEGRATION`),
 * and decides so once, when it loads. The dashboard runs only on a real terminal, where the
 * user wants it live; call this before Ink is imported.
 */
export function allowLiveRendering(env: NodeJS.ProcessEnv = process.env): void {
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
}
