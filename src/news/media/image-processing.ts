import sharp from 'sharp';

/** The image types the newsroom accepts, as detected from the bytes (never the file name or the browser's claim). */
export const ACCEPTED_TYPES = {
  jpeg: { contentType: 'image/jpeg', extension: 'jpg' },
  png: { contentType: 'image/png', extension: 'png' },
  webp: { contentType: 'image/webp', extension: 'webp' },
  gif: { contentType: 'image/gif', extension: 'gif' },
} as const;
export type AcceptedFormat = keyof typeof ACCEPTED_TYPES;

/** WebP variant widths; an image narrower than one gets no variant at that width (never upscaled). */
export const VARIANT_WIDTHS = [320, 640, 960, 1280, 1920] as const;

/** Decompression-bomb guard: sharp refuses to decode images with more pixels than this (about 50 megapixels). */
export const MAX_INPUT_PIXELS = 50_000_000;

/** The format from the file's magic number, or null for anything else. */
export function sniffFormat(bytes: Buffer): AcceptedFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (bytes.length >= 6 && (bytes.toString('latin1', 0, 6) === 'GIF87a' || bytes.toString('latin1', 0, 6) === 'GIF89a')) return 'gif';
  return null;
}

export interface ProcessedImage {
  format: AcceptedFormat;
  /** The original with EXIF orientation applied and metadata (EXIF, GPS, comments) stripped, in its own format. */
  original: Buffer;
  width: number;
  height: number;
  variants: { width: number; bytes: Buffer }[];
}

export class UnreadableImageError extends Error {}

/**
 * Checks and prepares an upload: the magic number must say JPEG, PNG, WebP or GIF and sharp must agree and decode it
 * within MAX_INPUT_PIXELS. Throws UnreadableImageError otherwise.
 */
export async function processImage(bytes: Buffer): Promise<ProcessedImage> {
  const format = sniffFormat(bytes);
  if (!format) throw new UnreadableImageError('not an accepted type');
  const animated = format === 'gif' || format === 'webp';
  const input = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', ...(animated ? { animated: true } : {}) });
  let metadataFormat: string | undefined;
  try {
    metadataFormat = (await input().metadata()).format;
  } catch (error) {
    throw new UnreadableImageError(`sharp could not read it: ${(error as Error).message}`);
  }
  if (metadataFormat !== format) throw new UnreadableImageError(`magic number says ${format}, decoder says ${metadataFormat}`);
  try {
    // rotate() with no angle applies the EXIF orientation; sharp writes no metadata unless asked (keepMetadata).
    const { data: original, info } = await input().rotate().toFormat(format).toBuffer({ resolveWithObject: true });
    const width = info.width;
    const height = info.pageHeight ?? info.height;
    const variants: ProcessedImage['variants'] = [];
    for (const target of VARIANT_WIDTHS) {
      if (target > width) break;
      variants.push({
        width: target,
        bytes: await sharp(original, { limitInputPixels: MAX_INPUT_PIXELS, ...(animated ? { animated: true } : {}) })
          .resize({ width: target, withoutEnlargement: true })
          .webp({ quality: 80 })
          .toBuffer(),
      });
    }
    // A narrow image still gets one WebP at its own width, so every item has a srcset.
    if (!variants.length || (variants.at(-1)!.width < width && width < VARIANT_WIDTHS.at(-1)!)) {
      variants.push({
        width,
        bytes: await sharp(original, { limitInputPixels: MAX_INPUT_PIXELS, ...(animated ? { animated: true } : {}) })
          .webp({ quality: 80 })
          .toBuffer(),
      });
    }
    return { format, original, width, height, variants };
  } catch (error) {
    throw new UnreadableImageError(`sharp could not convert it: ${(error as Error).message}`);
  }
}
