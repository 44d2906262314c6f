export { quantumDipole, eigenstate, eigenvalue, norm2 } from './quantum-dipole.js';
export type { QuantumParams } from './quantum-dipole.js';
export { infidelityLoss } from './infidelity.js';
export { shiftedHamiltonian } from './crank-nicolson.js';
export type { ShiftedHamiltonian } from './crank-nicolson.js';
