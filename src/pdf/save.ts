/**
 * How generated PDFs are written. Without object streams (a plain cross-reference table, which
 * every checker and older court system reads), and in one go: pdf-lib otherwise pauses with a
 * timer every 50 objects, and those pauses (a millisecond or more each) were a third of the
 * time of writing a 500-page packet.
 */
export const SAVE_OPTIONS = { useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY } as const;

/** Reading back a PDF this program wrote (to split it, or to place a filled form): in one go too. */
export const LOAD_OPTIONS = { updateMetadata: false, parseSpeed: Number.POSITIVE_INFINITY } as const;
