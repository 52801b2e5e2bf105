import QRCode from 'qrcode';

/**
 * The quiet zone around the code, in modules: the four the QR standard (ISO/IEC 18004) asks for,
 * so that a phone finds the code on a sticker next to other print.
 */
export const QR_MARGIN = 4;

/**
 * A QR code of a text (a URL), as a standalone SVG document: black modules on white, sized by its
 * viewBox so that it prints sharp at any size. Error correction level M (15 % of the code can be
 * lost): a label on a microscope gets scratched and smudged, and a PID URL is short enough that M
 * keeps the code small.
 * @param text - the text to encode.
 * @returns the SVG markup.
 * @example
 * await qrCodeSvg('https://doi.org/10.5072/phd.igc.macred'); // '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 37 37" …'
 */
export async function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: QR_MARGIN, color: { dark: '#000000', light: '#ffffff' } });
}
