export type StoreErrorCode =
  | "bad_value"
  | "unknown_state"
  | "illegal_transition"
  | "state_conflict"
  | "not_found"
  | "id_map_conflict"
  | "already_resolved";

/** A refused state-store write. `code` is stable for callers to branch on; the message names the record. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "StoreError";
  }
}
