import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_PIXELS, processImage, sniffFormat, UnreadableImageError } from './image-processing.js';

describe('image processing', () => {
  it('knows the four accepted types by their magic numbers only', async () => {
    const solid = (format: 'jpeg' | 'png' | 'webp' | 'gif') =>
      sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } })
        .toFormat(format)
        .toBuffer();
    expect(sniffFormat(await solid('jpeg'))).toBe('jpeg');
    expect(sniffFormat(await solid('png'))).toBe('png');
    expect(sniffFormat(await solid('webp'))).toBe('webp');
    expect(sniffFormat(await solid('gif'))).toBe('gif');
    expect(sniffFormat(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(
      sniffFormat(
        await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } })
          .tiff()
          .toBuffer(),
      ),
    ).toBeNull();
    expect(sniffFormat(Buffer.alloc(0))).toBeNull();
  });

  it('refuses a decompression bomb (more pixels than MAX_INPUT_PIXELS) before decoding it', async () => {
    // A single-colour PNG of ~64 megapixels compresses to a few hundred KB.
    const side = Math.ceil(Math.sqrt(MAX_INPUT_PIXELS)) + 1000;
    const bomb = await sharp({ create: { width: side, height: side, channels: 3, background: '#ffffff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(2_000_000);
    await expect(processImage(bomb)).rejects.toBeInstanceOf(UnreadableImageError);
  });
});
