import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { wrapText } from '../../src/data-access/pdf/result.pdf';

const body = [
  'Ủy ban nhân dân phường Thuận Hóa xác nhận ông/bà Nguyễn Thị Quyên (mẫu) đã đăng ký khai sinh cho con theo quy định của Luật Hộ tịch năm 2014 và Nghị định số 123/2015/NĐ-CP.',
  'Căn cứ hồ sơ đề nghị, giấy chứng sinh và tờ khai đăng ký khai sinh đã nộp đầy đủ, hồ sơ được giải quyết đúng hạn; kết quả được trả tại bộ phận một cửa hoặc qua dịch vụ bưu chính công ích.',
  'Siêu-dài-không-ngắt-được-vì-không-có-khoảng-trắng-nào-trong-cả-chuỗi-này-để-xuống-dòng',
].join('\n');

describe('result PDF word wrap', () => {
  let font: PDFFont;

  beforeAll(async () => {
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(fontkit);
    const dir = join(require.resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf');
    font = await pdf.embedFont(readFileSync(join(dir, 'DejaVuSans.ttf')), { subset: true });
  });

  it('when a Vietnamese text is wrapped, then each line fits, takes as many words as fit, and no word is lost or reordered', () => {
    const width = 300;
    const lines = wrapText(body, font, 11, width);
    const paragraphs = body.split('\n');
    expect(lines.join(' ').split(' ')).toEqual(paragraphs.join(' ').split(' '));
    for (const [i, line] of lines.entries()) {
      // A line of one word may be wider (it cannot be broken); any other fits.
      if (line.includes(' ')) expect(font.widthOfTextAtSize(line, 11)).toBeLessThanOrEqual(width);
      const next = lines[i + 1];
      const sameParagraph = next !== undefined && paragraphs.some((p) => p.includes(`${line} ${next.split(' ')[0]}`));
      if (sameParagraph) expect(font.widthOfTextAtSize(`${line} ${(next as string).split(' ')[0]}`, 11)).toBeGreaterThan(width);
    }
  });

  it('when a paragraph ends, then the next one starts on a new line', () => {
    const lines = wrapText('một hai\nba', font, 11, 500);
    expect(lines).toEqual(['một hai', 'ba']);
  });
});
