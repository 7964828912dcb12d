// The base of every layer's typed error: a machine-readable code to switch on and a message
// for people (never holding secrets). Each layer subclasses it with its own code union.
export class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
