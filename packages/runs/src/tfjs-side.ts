/**
 * The part of @hig-lab/network that needs tfjs (saving and loading controllers), imported when
 * first needed: loading tfjs takes most of a second, which a run spends while its training
 * thread, which never needs tfjs, is already at work.
 */
export function tfjsSide(): Promise<typeof import('@hig-lab/network')> {
  return import('@hig-lab/network');
}
