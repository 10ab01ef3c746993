/** An error caused by the user's input: the CLI prints the message as it is and exits with code 2. */
export class InputError extends Error {
  override name = 'InputError';
}
