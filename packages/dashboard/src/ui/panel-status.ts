import type { MethodSnapshot, MethodStatus } from '@hig-lab/optimizers-gd-sip-hig';

/** What a method panel says about a method: its run status, or off when the user switched it off. */
export type PanelStatus = MethodStatus | 'off';

export function panelStatus(method: MethodSnapshot): PanelStatus {
  return method.enabled ? method.status : 'off';
}
