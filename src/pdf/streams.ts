/**
 * Decompression bombs in PDFs: a stream of 1 MB can inflate to 1 GB (Flate expands at most
 * 1,032 to 1). Before pdf-lib parses a file (and decodes its object streams in JavaScript, on the
 * event loop, with no limit), every Flate stream of the raw file that could inflate past the
 * limit is inflated once here, on zlib's thread pool, counting its bytes without keeping them, and
 * stopped at the limit. `inflateCapped` is the synchronous, capped inflate for the content that is
 * decoded later (an encrypted file's streams, which only pdf-lib can decrypt).
 */
import { createInflate, inflateSync } from 'node:zlib';
import { ExhibitLoadError } from './exhibit.js';
import { bytesText } from '../limits.js';

/** Flate's largest possible expansion: 258 bytes from 2 bits. */
const MAX_FLATE_RATIO = 1032;

const STREAM_HINT = 'open the file in a PDF viewer and print it to a new PDF (or scan the paper again at 300 dpi), and use that copy; a file like this may have been made to cause harm';

export function streamTooLarge(limit: number, where = 'a compressed part of the PDF'): ExhibitLoadError {
  return new ExhibitLoadError(
    'stream-too-large',
    `${where} expands to more than ${bytesText(limit)} when decompressed, the limit for one stream`,
    STREAM_HINT,
    { over: { limit, actual: limit + 1 } },
  );
}

/** Where each Flate stream's data starts and ends in the raw file (a scan, not a parse: damaged files too). */
function* flateStreams(bytes: Buffer): Generator<{ start: number; end: number }> {
  for (let at = bytes.indexOf('stream'); at >= 0; at = bytes.indexOf('stream', at + 6)) {
    if (at >= 3 && bytes.toString('latin1', at - 3, at) === 'end') continue;
    let start = at + 6;
    if (bytes[start] === 0x0d) {
      start++;
      if (bytes[start] === 0x0a) start++;
    } else if (bytes[start] === 0x0a) start++;
    else continue;
    // the stream's dictionary: back to the `obj` keyword, at most 4 KB
    const head = bytes.toString('latin1', Math.max(0, at - 4096), at);
    const dict = head.slice(head.lastIndexOf('obj') + 1);
    if (!/\/(FlateDecode|Fl)\b/.test(dict)) continue;
    // a direct /Length, when it fits the file, else the next `endstream` (the data may contain that word)
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    const endAt = bytes.indexOf('endstream', start);
    const declared = length ? start + Number(length[1]) : -1;
    const end = declared > start && declared <= bytes.length ? Math.max(declared, endAt < 0 ? 0 : endAt) : endAt < 0 ? bytes.length : endAt;
    yield { start, end };
    at = Math.max(at, end - 6); // go on after the data
  }
}

/** How many bytes `data` inflates to, counting up to `limit + 1` (stops there); damaged data counts what came out. */
function inflatedSize(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve) => {
    let total = 0;
    let settled = false;
    const z = createInflate({ chunkSize: 256 * 1024 });
    const finish = () => {
      if (settled) return;
      settled = true;
      z.destroy();
      resolve(total);
    };
    z.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) finish();
    });
    z.on('end', finish);
    z.on('error', finish);
    z.on('close', finish);
    z.end(data);
  });
}

/**
 * Throws a 'stream-too-large' ExhibitLoadError when a Flate stream of the file inflates to more
 * than `limit` bytes. Streams too small to get there (compressed size × 1,032 ≤ limit) are not
 * inflated at all, so an ordinary file costs nothing.
 */
export async function checkStreamSizes(bytes: Buffer, limit: number): Promise<void> {
  const floor = Math.floor(limit / MAX_FLATE_RATIO);
  for (const { start, end } of flateStreams(bytes)) {
    if (end - start <= floor) continue;
    const size = await inflatedSize(bytes.subarray(start, end), limit);
    if (size > limit) throw streamTooLarge(limit);
  }
}

/**
 * Inflates a zlib stream, refusing (a 'stream-too-large' ExhibitLoadError) output over `limit`
 * bytes. Other zlib errors (damaged data) are thrown as they are.
 */
export function inflateCapped(data: Uint8Array, limit: number, where?: string): Buffer {
  if (data.length * MAX_FLATE_RATIO <= limit) return inflateSync(data);
  try {
    return inflateSync(data, { maxOutputLength: limit });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw streamTooLarge(limit, where);
    throw err;
  }
}
