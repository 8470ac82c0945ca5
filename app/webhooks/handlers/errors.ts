/**
 * A delivery that is correctly signed but cannot be used (malformed JSON, a
 * payload that fails validation, a topic we do not handle). Retrying cannot
 * help, so the event is kept, marked failed with this message, and shown to
 * operators; it never blocks the queue.
 */
export class UnprocessableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnprocessableEventError";
  }
}
