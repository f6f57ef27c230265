/**
 * Reading the headers of binary files: a signature at an offset, a span of bytes as latin1 text,
 * and 16- and 32-bit integers in either byte order. Reads past the end give no match, a shorter
 * string or zeros instead of throwing, so a file cut short is judged by what its header says, not
 * by a RangeError. Used by file-type.ts and load-image.ts.
 */
export const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((v, i) => b[at + i] === v);
export const ascii = (b: Uint8Array, from: number, to: number): string => {
  const start = Math.min(Math.max(0, from), b.length);
  return Buffer.from(b.buffer, b.byteOffset + start, Math.max(0, Math.min(to, b.length) - start)).toString('latin1');
};

export const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
export const u16 = (b: Uint8Array, i: number, le: boolean) => (le ? (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) : u16be(b, i));
export const u32 = (b: Uint8Array, i: number, le: boolean) =>
  le
    ? ((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> 0
    : (((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0)) >>> 0;
