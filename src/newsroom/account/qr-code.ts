import QRCode from 'qrcode';

/**
 * A QR code as a data: URL of an SVG, for an <img> (the CSP allows data: images and no inline script). Drawn on the
 * server, so the secret it carries never goes to a third-party service.
 */
export async function qrCodeDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
