/**
 * Error classes for every failure a user can act on. Entry points map each class to an exit code
 * and print its message alone; any other exception is a bug in model-diff and is reported as one.
 *
 * A message names the file or reference, says what is wrong with the numbers involved, and says
 * what to do next.
 */

/** Base class of the errors that carry a message meant for the user. */
export class ModelDiffError extends Error {
  override name = "ModelDiffError";
}

/** Invalid command-line options or action inputs: which option, what was given, what is accepted. */
export class UsageError extends ModelDiffError {
  override name = "UsageError";
}

/** A reference that cannot be resolved to a checkpoint: missing path, ambiguous folder, wrong kind of file. */
export class InputError extends ModelDiffError {
  override name = "InputError";
}

/** Malformed checkpoint content: which file, which tensor or byte range, what rule it breaks. */
export class FormatError extends ModelDiffError {
  override name = "FormatError";
  constructor(
    /** File the bytes came from, as the user named it (path, or `repo@revision:filename`). */
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** A configured limit that the input exceeds: which limit, its value, and how to raise it. */
export class LimitError extends ModelDiffError {
  override name = "LimitError";
  constructor(
    readonly file: string,
    /** Name of the limit constant, as documented in the README. */
    readonly limit: string,
    message: string,
  ) {
    super(message);
  }
}

/** Exit code for bad usage or bad input, as for most Unix tools. */
export const EXIT_USAGE_OR_INPUT = 2;
/** Exit code for a defect in model-diff itself. */
export const EXIT_INTERNAL = 70;
