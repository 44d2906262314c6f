/** A plug-in (system or experiment) that breaks the contract, naming the plug-in and the field. */
export class ContractError extends Error {
  constructor(
    readonly plugin: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${plugin}: field '${field}' ${problem}`);
    this.name = 'ContractError';
  }
}

/** A user-supplied value (parameter override, flag) that is out of bounds or of the wrong type. */
export class ParameterError extends Error {
  constructor(
    readonly parameter: string,
    readonly problem: string,
  ) {
    super(`parameter '${parameter}' ${problem}`);
    this.name = 'ParameterError';
  }
}
