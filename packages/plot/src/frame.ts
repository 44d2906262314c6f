import { type Axis, axisFraction } from './axis.js';

/** The axes rectangle in px. */
export interface Frame {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Far outside any figure; keeps coordinates printable when a point lies far beyond the limits. */
const CLAMP = 1e6;

export function xPixel(frame: Frame, axis: Axis, value: number): number {
  return clamp(frame.left + axisFraction(axis, value) * (frame.right - frame.left));
}

export function yPixel(frame: Frame, axis: Axis, value: number): number {
  return clamp(frame.bottom - axisFraction(axis, value) * (frame.bottom - frame.top));
}

function clamp(v: number): number {
  return Math.min(CLAMP, Math.max(-CLAMP, v));
}
