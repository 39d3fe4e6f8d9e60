/**
 * The signed result as a PDF: pdf-lib lays out the page with DejaVu Sans embedded
 * (fontkit, subset), which has every precomposed Vietnamese letter; the QR code is
 * drawn as vector squares from the `qrcode` matrix; @signpdf adds the signature
 * dictionary (adbe.pkcs7.detached, SHA-256) and puts the CMS the signer returns into it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { fill, PDFDocument, popGraphicsState, pushGraphicsState, rectangle, rgb, setFillingRgbColor, type PDFFont, type PDFOperator, type PDFPage } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { Signer as SignPdfSigner } from '@signpdf/utils';
import QRCode from 'qrcode';
import { formatVietnamDate, formatVietnamDateTime } from '@motcua/documents';
import type { ResultDocumentContent, ResultPdf } from '../../domain/signing.ports';

const fontDir = join(require.resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf');
const regularFont = readFileSync(join(fontDir, 'DejaVuSans.ttf'));
const boldFont = readFileSync(join(fontDir, 'DejaVuSans-Bold.ttf'));

/**
 * pdf-lib asks fontkit to parse the font file again for every document it embeds it
 * in, and fontkit then decodes the layout tables again on first use: a fifth of a
 * result's rendering time. Fonts are immutable once parsed, so every document shares
 * one parsed font per file (pdf-lib still makes each document its own subset).
 */
const parsedFonts = new Map<Uint8Array, fontkit.Font>();
const sharedFontkit: typeof fontkit = {
  ...fontkit,
  create: (data, postscriptName) => {
    if (postscriptName !== undefined || (data !== regularFont && data !== boldFont)) return fontkit.create(data, postscriptName);
    let font = parsedFonts.get(data);
    if (!font) {
      font = fontkit.create(data);
      parsedFonts.set(data, font);
    }
    return font;
  },
};

/**
 * Widths of words and lines already measured, by font, size and text: fontkit shapes
 * the text each time it is asked (the other third of the rendering time), and results
 * repeat the same headings and words. Bounded; emptied when full.
 */
const widths = new Map<string, number>();
const WIDTHS_MAX = 20_000;
function widthOf(font: PDFFont, text: string, size: number): number {
  const key = `${font.name}\u0000${size}\u0000${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    width = font.widthOfTextAtSize(text, size);
    if (widths.size >= WIDTHS_MAX) widths.clear();
    widths.set(key, width);
  }
  return width;
}

/** Room for the CMS: two RSA-2048 certificates and the signature take about 3 kB; a provider's longer chain fits too. */
const SIGNATURE_LENGTH = 16_384;
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const ink = rgb(0, 0, 0);

/**
 * Greedy word wrap by the font's real advance widths; paragraphs are kept. Each word is
 * measured once and a line is as wide as its words and spaces: measuring the whole
 * candidate line again for every word (fontkit shapes all of it each time) was 9 % of
 * the embedded edition's CPU under `npm run bench` (docs/benchmarks.md).
 */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const space = widthOf(font, ' ', size);
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const wordWidth = widthOf(font, word, size);
      if (!line) {
        line = word;
        lineWidth = wordWidth;
      } else if (lineWidth + space + wordWidth <= width) {
        line = `${line} ${word}`;
        lineWidth += space + wordWidth;
      } else {
        lines.push(line);
        line = word;
        lineWidth = wordWidth;
      }
    }
    lines.push(line);
  }
  return lines;
}

class Cursor {
  private pages: PDFPage[];
  y: number;
  constructor(
    private readonly pdf: PDFDocument,
    first: PDFPage,
  ) {
    this.pages = [first];
    this.y = A4.height - MARGIN;
  }
  get page(): PDFPage {
    return this.pages[this.pages.length - 1] as PDFPage;
  }
  /** Moves down by `height`, starting a new page when the text would run into the bottom margin. */
  take(height: number): PDFPage {
    if (this.y - height < MARGIN) {
      this.pages.push(this.pdf.addPage([A4.width, A4.height]));
      this.y = A4.height - MARGIN;
    }
    this.y -= height;
    return this.page;
  }
}

function drawCentred(cursor: Cursor, text: string, font: PDFFont, size: number, x0: number, width: number): void {
  const page = cursor.take(size * 1.45);
  page.drawText(text, { x: x0 + (width - widthOf(font, text, size)) / 2, y: cursor.y, size, font, color: ink });
}

/**
 * The QR code as one filled path: a rectangle per run of dark modules in a row, all
 * filled by a single operator (one pdf-lib drawRectangle per module was a fifth of the
 * rendering time).
 */
function drawQr(page: PDFPage, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const cell = size / count;
  const runs: PDFOperator[] = [];
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (!qr.modules.get(row, col)) continue;
      const start = col;
      while (col + 1 < count && qr.modules.get(row, col + 1)) col += 1;
      runs.push(rectangle(x + start * cell, y + size - (row + 1) * cell, (col - start + 1) * cell, cell));
    }
  }
  page.pushOperators(pushGraphicsState(), setFillingRgbColor(0, 0, 0), ...runs, fill(), popGraphicsState());
}

/** The unsigned PDF with an empty signature field, as bytes @signpdf can fill in. */
export async function renderResultPdf(content: ResultDocumentContent, signing: { signerName: string; signingTime: Date }): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(sharedFontkit);
  const regular = await pdf.embedFont(regularFont, { subset: true });
  const bold = await pdf.embedFont(boldFont, { subset: true });
  pdf.setTitle(content.title);
  pdf.setSubject(`Hồ sơ ${content.dossierCode}`);
  pdf.setAuthor(content.centreName);
  pdf.setCreator('motcua');
  pdf.setProducer('motcua signing (pdf-lib, @signpdf)');
  pdf.setCreationDate(signing.signingTime);
  pdf.setModificationDate(signing.signingTime);
  pdf.setLanguage('vi-VN');

  const first = pdf.addPage([A4.width, A4.height]);
  const cursor = new Cursor(pdf, first);
  const half = (A4.width - 2 * MARGIN) / 2;
  const width = A4.width - 2 * MARGIN;

  // Heading: the issuing centre on the left, the national motto on the right, as on every administrative document.
  const top = cursor.y;
  for (const line of wrapText(content.centreName.toUpperCase(), bold, 9, half - 8)) drawCentred(cursor, line, bold, 9, MARGIN, half - 8);
  const leftBottom = cursor.y;
  cursor.y = top;
  drawCentred(cursor, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold, 9, MARGIN + half, half);
  drawCentred(cursor, 'Độc lập - Tự do - Hạnh phúc', bold, 10, MARGIN + half, half);
  cursor.y = Math.min(cursor.y, leftBottom) - 24;

  for (const line of wrapText(content.title.toUpperCase(), bold, 15, width)) drawCentred(cursor, line, bold, 15, MARGIN, width);
  cursor.y -= 14;

  const facts: [string, string][] = [
    ['Thủ tục', `${content.procedureName} (${content.procedureCode})`],
    ['Mã hồ sơ', content.dossierCode],
    ['Người nộp hồ sơ', content.applicantName],
  ];
  for (const [label, value] of facts) {
    const labelText = `${label}: `;
    const labelWidth = widthOf(bold, labelText, 11);
    const lines = wrapText(value, regular, 11, width - labelWidth);
    lines.forEach((line, index) => {
      const page = cursor.take(16);
      if (index === 0) page.drawText(labelText, { x: MARGIN, y: cursor.y, size: 11, font: bold, color: ink });
      page.drawText(line, { x: MARGIN + labelWidth, y: cursor.y, size: 11, font: regular, color: ink });
    });
  }
  cursor.y -= 10;
  for (const line of wrapText(content.body, regular, 11, width)) {
    const page = cursor.take(16);
    page.drawText(line, { x: MARGIN, y: cursor.y, size: 11, font: regular, color: ink });
  }

  cursor.y -= 18;
  const signBlockX = MARGIN + half;
  const dateLine = `${formatVietnamDate(content.signedAt).replace(/^n/, 'N')}`;
  const blockLines: [string, PDFFont, number][] = [
    [dateLine, regular, 11],
    ['LÃNH ĐẠO', bold, 11],
    ['(Đã ký số)', regular, 10],
    [content.signerName, bold, 11],
  ];
  for (const [text, font, size] of blockLines) drawCentred(cursor, text, font, size, signBlockX, half);

  // The QR code and its caption sit at the foot of the last page.
  const page = cursor.take(0);
  const qrSize = 84;
  drawQr(page, content.verifyUrl, MARGIN, MARGIN, qrSize);
  const captionX = MARGIN + qrSize + 12;
  const caption = [
    'Quét mã để kiểm tra chữ ký số của văn bản này',
    content.verifyUrl,
    `Ký số lúc ${formatVietnamDateTime(content.signedAt)}`,
  ];
  caption.forEach((line, index) => {
    page.drawText(line, { x: captionX, y: MARGIN + qrSize - 12 - index * 13, size: 8, font: regular, color: ink, maxWidth: A4.width - captionX - MARGIN });
  });

  pdflibAddPlaceholder({
    pdfDoc: pdf,
    reason: `Phê duyệt kết quả hồ sơ ${content.dossierCode}`,
    contactInfo: content.centreName,
    name: signing.signerName,
    location: content.centreName,
    signingTime: signing.signingTime,
    signatureLength: SIGNATURE_LENGTH,
    appName: 'motcua',
  });
  // Object streams would hide the ByteRange placeholder from @signpdf, which finds it in the plain bytes.
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** Bridges @signpdf's signer interface to the CMS function of the Signer port. */
class CmsCallbackSigner extends SignPdfSigner {
  constructor(private readonly signCms: (signedBytes: Buffer, signingTime: Date) => Promise<Buffer>, private readonly signingTime: Date) {
    super();
  }
  override sign(pdfBuffer: Buffer): Promise<Buffer> {
    return this.signCms(pdfBuffer, this.signingTime);
  }
}

export const resultPdf: ResultPdf = {
  async signed(content, signCms, signingTime, signerName) {
    const unsigned = await renderResultPdf(content, { signerName, signingTime });
    return new SignPdf().sign(unsigned, new CmsCallbackSigner(signCms, signingTime), signingTime);
  },
};
