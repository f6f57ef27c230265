/**
 * Raster images (PNG exhibits, TIFF pages) embedded as PDF image XObjects without decoding them on
 * the JavaScript thread. pdf-lib's embedPng decodes a PNG in JavaScript, synchronously (a 48 MP
 * photo blocks the event loop for half a minute and takes gigabytes), and deflates it again in
 * JavaScript when the document is saved. Here sharp (libvips) decodes on libuv's threads, sharp
 * splits off the alpha channel and tells whether it is really used, and fflate compresses in a
 * worker thread: the event loop only assembles dictionaries.
 *
 * Samples are written as they are, 8 bits each: greyscale stays DeviceGray (a third of the size of
 * RGB), anything else becomes DeviceRGB (a palette expanded, 16 bits scaled down, CMYK and other
 * spaces converted to sRGB), and an alpha channel that is not fully opaque becomes a DeviceGray
 * /SMask. The image is drawn with drawRasterImage, which writes exactly what pdf-lib's drawImage
 * writes for a PDFImage (so a PDFImage, e.g. an embedded JPEG, is drawn with it too).
 */
import { degrees, drawImage, type PDFDocument, type PDFPage, type PDFRef, type Rotation } from '@cantoo/pdf-lib';
import { zlib as zlibInWorker } from 'fflate';
import sharp, { type Sharp } from 'sharp';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import { ExhibitLoadError, tooManyPixels } from './exhibit.js';

/**
 * zlib-compresses `data` in a worker thread, never on the JavaScript thread, with the compressor
 * pdf-lib itself uses (fflate, level 6): Node's zlib is ten times faster, but its streams were 4%
 * larger on a phone photo and 17% on a scanned page (fflate's matching suits flat images), and a
 * filing's size counts against the 25 MB of an ECAS file. Measured on a 48 MP photo and a page at
 * 150 dpi; see bench/embed-png.ts.
 */
function deflate(data: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => zlibInWorker(data, { level: 6 }, (err, out) => (err ? reject(err) : resolve(out))));
}

/** An image XObject in a document, ready to be drawn with drawRasterImage. */
export interface RasterImage {
  ref: PDFRef;
  /** Pixels, after any orientation the sharp pipeline applied. */
  width: number;
  height: number;
  colorSpace: 'DeviceGray' | 'DeviceRGB';
  /** Whether the image has a soft mask (an alpha channel with some pixel not fully opaque). */
  hasSMask: boolean;
}

export interface EmbedImageOptions {
  /** The pixel limit (limits.ts), checked from the header and given to sharp as `limitInputPixels`. */
  limits?: Pick<Limits, 'maxImagePixels'>;
  /** What the image is, in the words of an error: "the PNG image", "page 2 of the TIFF image". */
  what?: string;
  /** What to do about an image that cannot be decoded; by default, to copy or take it again. */
  hint?: string;
}

// The same advice as load-image.ts gives for a PNG or JPEG found damaged from its header.
const DAMAGED_IMAGE_HINT = 'the image file is incomplete or corrupt: copy it again from the phone or scanner, or take the photo again';

/**
 * Decodes `input` (the bytes of an image file, or a sharp pipeline the caller made, e.g. one page
 * of a TIFF with `.rotate()`; a pipeline is used up, and should be made with `limitInputPixels`)
 * and adds it to `doc` as an image XObject. An image over the pixel limit is refused with a
 * 'too-many-pixels' ExhibitLoadError before it is decoded; one that cannot be decoded with a
 * 'damaged' one.
 */
export async function embedRasterImage(doc: PDFDocument, input: Uint8Array | Sharp, opts: EmbedImageOptions = {}): Promise<RasterImage> {
  const limit = (opts.limits ?? DEFAULT_LIMITS).maxImagePixels;
  const what = opts.what ?? 'the image';
  const hint = opts.hint ?? DAMAGED_IMAGE_HINT;

  let pixels: Pixels;
  let size = { width: 0, height: 0 };
  try {
    // The header only: the size is checked before anything is decoded.
    const head = await (isSharp(input) ? input.metadata() : sharp(input, { limitInputPixels: false }).metadata());
    size = { width: head.width ?? 0, height: head.height ?? 0 };
    if (size.width * size.height > limit) throw tooManyPixels(what, size.width, size.height, limit);
    // failOn 'error': a warning of the decoder does not refuse an image; broken or cut-short data does.
    const image = isSharp(input) ? input : sharp(input, { limitInputPixels: limit, failOn: 'error' });
    const grey = head.space === 'b-w' || head.space === 'grey16';
    pixels = await decode(image, grey ? (head.hasAlpha ? 'grey+alpha' : 'grey') : 'colour');
  } catch (err) {
    if (err instanceof ExhibitLoadError) throw err;
    const message = err instanceof Error ? err.message : '';
    // sharp's own limit: a pipeline made by the caller with a lower limit than ours
    if (/pixel limit/i.test(message)) throw tooManyPixels(what, size.width, size.height, limit);
    if (/unsupported image format/i.test(message)) {
      throw new ExhibitLoadError('damaged', `${what} is damaged: it is not in a format the image library recognises`, hint, { cause: err });
    }
    throw new ExhibitLoadError('damaged', `${what} is damaged: its pixels cannot be decoded`, hint, { cause: err });
  }

  const { colour, alpha, width, height } = pixels;
  const colorSpace = colour.channels === 1 ? 'DeviceGray' : 'DeviceRGB';
  const [colourData, alphaData] = await Promise.all([deflate(colour.data), alpha ? deflate(alpha) : undefined]);
  const image = { Type: 'XObject', Subtype: 'Image', Width: width, Height: height, BitsPerComponent: 8, Filter: 'FlateDecode' };
  const ctx = doc.context;
  const sMask = alphaData ? ctx.register(ctx.stream(alphaData, { ...image, ColorSpace: 'DeviceGray' })) : undefined;
  const ref = ctx.register(ctx.stream(colourData, { ...image, ColorSpace: colorSpace, ...(sMask ? { SMask: sMask } : {}) }));
  return { ref, width, height, colorSpace, hasSMask: sMask !== undefined };
}

interface Pixels {
  width: number;
  height: number;
  /** 8-bit samples, interleaved: 1 channel (grey) or 3 (RGB). */
  colour: { data: Buffer; channels: 1 | 3 };
  /** 8-bit alpha, one byte a pixel; absent when the image has none or every pixel is opaque. */
  alpha?: Buffer;
}

/**
 * Decodes once, to 8-bit grey, or to sRGB with or without alpha; the channels are then split by
 * sharp from the raw samples (a copy, not a decode), off the JavaScript thread.
 */
async function decode(image: Sharp, kind: 'grey' | 'grey+alpha' | 'colour'): Promise<Pixels> {
  // sharp's raw output of a 'b-w' image keeps only its first band, so grey with alpha is decoded
  // as RGBA (R = G = B) and its grey taken back from R.
  const { data, info } = await image.toColourspace(kind === 'grey' ? 'b-w' : 'srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  if (channels === 1 || channels === 3) return { width, height, colour: { data, channels } };
  if (channels !== 2 && channels !== 4) throw new Error(`unexpected ${channels} channels`);
  const raw = { raw: { width, height, channels } } as const;
  const alpha = await sharp(data, raw).extractChannel(channels === 2 ? 1 : 3).raw().toBuffer();
  const [alphaStats] = (await sharp(alpha, { raw: { width, height, channels: 1 } }).stats()).channels;
  const opaque = alphaStats?.min === 255;
  const grey = channels === 2 || kind === 'grey+alpha';
  const colour = grey
    ? { data: await sharp(data, raw).extractChannel(0).raw().toBuffer(), channels: 1 as const }
    : { data: await sharp(data, raw).removeAlpha().raw().toBuffer(), channels: 3 as const };
  return { width, height, colour, ...(opaque ? {} : { alpha }) };
}

const isSharp = (input: Uint8Array | Sharp): input is Sharp => !(input instanceof Uint8Array);

/** Where and how big an image is drawn: the options of pdf-lib's drawImage that placing uses. */
export interface DrawOptions {
  x: number;
  y: number;
  width: number;
  height: number;
  rotate?: Rotation;
}

/**
 * Draws an image XObject on `page`, as pdf-lib's page.drawImage draws a PDFImage (the same
 * operators: q, translate, rotate, scale to width × height, Do, Q). Takes a RasterImage or a
 * PDFImage (an embedded JPEG).
 */
export function drawRasterImage(page: PDFPage, image: { ref: PDFRef }, at: DrawOptions): void {
  const name = page.node.newXObject('Image', image.ref);
  page.pushOperators(...drawImage(name, { x: at.x, y: at.y, width: at.width, height: at.height, rotate: at.rotate ?? degrees(0), xSkew: degrees(0), ySkew: degrees(0) }));
}
