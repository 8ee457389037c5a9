/** A problem with the data or parameters a user gave (the job reports it as BAD_INPUT with this message), not a bug. */
export class RecsInputError extends Error {
  override readonly name = 'RecsInputError';
}
