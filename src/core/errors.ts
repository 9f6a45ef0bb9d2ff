/**
 * An error whose message is written for the person using Parley: adapters show it as is
 * (ephemeral in Discord). Anything else is an internal fault and is shown only as a generic
 * message with an error id.
 */
export class UserError extends Error {
  readonly code: string;
  constructor(message: string, code = 'bad_request') {
    super(message);
    this.name = 'UserError';
    this.code = code;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
