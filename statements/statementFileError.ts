/** A file that can never be imported, whatever the retry: its message is shown to the user as is. */
export class StatementFileError extends Error {
  override name = 'StatementFileError';
}
