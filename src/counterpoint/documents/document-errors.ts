/** A document plan that breaks an invariant; the message names the field. Nothing was written. */
export class DocumentPlanError extends Error {}

/** The store, station or counters a document needs are missing or unusable in Counterpoint. Nothing was written. */
export class DocumentSetupError extends Error {}

/** `deleteOpenDocument` refused: the document is missing, not an open order, or already (partly) processed. */
export class DocumentDeleteRefusedError extends Error {}
