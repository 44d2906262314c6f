/** The contract test kit: generic property tests every system and experiment must pass. */
export { describeSystemContract, FD_TOLERANCE, DUALITY_TOLERANCE, EXACT_TOLERANCE, ORDER_SLACK } from './testkit/describe-system.js';
export type { SystemContractOptions } from './testkit/describe-system.js';
export { describeExperimentContract } from './testkit/describe-experiment.js';
export {
  asymptoticStep,
  convergenceRatio,
  energyDrift,
  invariantError,
  rhsJacobianError,
  rolloutDerivativeErrors,
  stepJacobianError,
  stepVjpError,
  workMismatch,
} from './testkit/checks.js';
export { exactStepError, rhsProductErrors, rolloutProductErrors, stepDeviationByProducts, stepProductErrors } from './testkit/product-checks.js';
export type { ProductErrors } from './testkit/product-checks.js';
export { centralDifferenceJacobian, scaledMaxError, FD_STEP } from './testkit/finite-differences.js';
export { expm } from './testkit/expm.js';
