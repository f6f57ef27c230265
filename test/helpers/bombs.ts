/**
 * Decompression bombs, small on disk, made without ever holding what they expand to: a deflate
 * stream of N MiB of zeros is one block of 1 MiB of zeros (which refers only to the zeros before
 * it) repeated N times, so even a 1 GiB stream costs a few milliseconds and about 1 MB.
 */

/**
 * Deflate blocks for 1 MiB of zeros: the first, and one that follows zeros (it refers back into
 * them only, so it can be repeated), each ending on a byte boundary (a sync flush).
 */
const block = (head: string, zeros: number, tail: string) => Buffer.concat([Buffer.from(head, 'hex'), Buffer.alloc(zeros), Buffer.from(tail, 'hex')]);
// made with Python's zlib.compressobj(9, DEFLATED, -15) and flush(Z_SYNC_FLUSH) after each MiB (Node's sync API cannot flush mid-stream)
const BLOCKS: [Buffer, Buffer] = [block('ecc13101000000c2a0f54f6d085fa0', 1016, '3e030000ffff'), block('ecc1210100000080a0ffaf1d6105', 1016, 'ae000000ffff')];

/** A zlib (RFC 1950) stream that inflates to `mib` MiB of zero bytes. */
export function zeroFlate(mib: number): Buffer {
  const total = mib * (1 << 20);
  const end = Buffer.from([0x03, 0x00]); // a final, empty fixed-Huffman block
  // Adler-32 of `total` zeros: a stays 1, b grows by 1 per byte
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((total % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0xda]), BLOCKS[0], ...Array.from({ length: mib - 1 }, () => BLOCKS[1]), end, adler]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const byte of b) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The PNG of the issue: `side` × `side` one-bit grey pixels, all zero (30,000² ≈ 110 KB). */
export function pngBomb(side = 30000, bitDepth = 1): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = bitDepth;
  const rowBytes = 1 + Math.ceil((side * bitDepth) / 8);
  const mib = Math.ceil((rowBytes * side) / (1 << 20));
  // IDAT holds filter byte 0 + zero pixels per row: all zeros, so a zero stream (a little longer than needed: decoders stop at the last row)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', zeroFlate(mib)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A JPEG header claiming `width` × `height` (baseline, grey), with a tiny scan: enough for header checks. */
export function jpegBomb(width = 60000, height = 60000): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00]);
  const dqt = Buffer.concat([Buffer.from([0xff, 0xdb, 0x00, 0x43, 0x00]), Buffer.alloc(64, 1)]);
  const sos = Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), dqt, sof, sos, Buffer.from([0x00, 0x00]), Buffer.from([0xff, 0xd9])]);
}

/**
 * A one-strip, Deflate-compressed, 8-bit grey TIFF of `width` × `height` zero pixels (16,000² ≈ 250 KB).
 */
export function tiffBomb(width = 16000, height = 16000): Buffer {
  const data = zeroFlate(Math.ceil((width * height) / (1 << 20)));
  const entries: [number, number, number, number][] = [
    // tag, type (3 SHORT, 4 LONG), count, value
    [256, 4, 1, width],
    [257, 4, 1, height],
    [258, 3, 1, 8],
    [259, 3, 1, 8], // Deflate
    [262, 3, 1, 1], // BlackIsZero
    [273, 4, 1, 0], // StripOffsets, filled below
    [277, 3, 1, 1],
    [278, 4, 1, height],
    [279, 4, 1, data.length],
  ];
  const ifdSize = 2 + entries.length * 12 + 4;
  const dataAt = 8 + ifdSize;
  entries[5]![3] = dataAt;
  const head = Buffer.alloc(8 + ifdSize);
  head.write('II', 0, 'latin1');
  head.writeUInt16LE(42, 2);
  head.writeUInt32LE(8, 4);
  head.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, count, value], i) => {
    const at = 10 + i * 12;
    head.writeUInt16LE(tag, at);
    head.writeUInt16LE(type, at + 2);
    head.writeUInt32LE(count, at + 4);
    if (type === 3) head.writeUInt16LE(value, at + 8);
    else head.writeUInt32LE(value, at + 8);
  });
  head.writeUInt32LE(0, 10 + entries.length * 12);
  return Buffer.concat([head, data]);
}

/** Writes a PDF from its objects (1-based numbers; object 1 the catalog) with a correct xref table. */
function writePdf(objects: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(offset);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof o === 'string' ? Buffer.from(o, 'latin1') : o, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(b);
    offset += b.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

const stream = (dict: string, data: Buffer) => Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);

/** A one-page PDF whose content stream inflates to `mib` MiB (1,024 → a 1 MB file holding 1 GiB). */
export function pdfStreamBomb(mib = 1024): Buffer {
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    stream('/Filter /FlateDecode', zeroFlate(mib)),
  ]);
}

/** A PDF of `pages` pages sharing one small content stream (50,000 pages ≈ 4 MB). */
export function manyPagesPdf(pages: number): Buffer {
  const content = Buffer.from('BT /F1 12 Tf 72 720 Td (page) Tj ET', 'latin1');
  const objects: (string | Buffer)[] = ['<< /Type /Catalog /Pages 2 0 R >>', '', stream('', content), '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  const kids: string[] = [];
  for (let i = 0; i < pages; i++) {
    kids.push(`${objects.length + 1} 0 R`);
    objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>');
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`;
  return writePdf(objects);
}
