/** A message that may be shown to the user as is (everything else is logged and hidden). */
export class SafeError extends Error {
  override name = "SafeError";
}
