/**
 * Decodes a file's bytes as text. UTF-8 is expected; a UTF-8 or UTF-16 byte-order mark is honoured.
 * Bytes that are not UTF-8 are an error, never replaced silently: a name written "Núñez" in
 * Latin-1 would otherwise reach a filing as "N�"ez".
 */
export type DecodeResult =
  | { ok: true; text: string }
  | { ok: false; badOffset: number; badByte: number; textBefore: string };

export function decodeText(bytes: Uint8Array): DecodeResult {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    return { ok: false, badOffset: bad, badByte: bytes[bad] ?? 0, textBefore: new TextDecoder('utf-8').decode(bytes.subarray(0, bad)) };
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
    }
    // Overlong and surrogate forms are rejected by the decoder; report the lead byte.
    if (n > 0) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(i, i + n + 1));
      } catch {
        return i;
      }
    }
    i += n + 1;
  }
  return b.length;
}
