// The CSV the administration screens write in the browser (the import template, the one-time password list):
// it must open in Excel with its Vietnamese intact and read back through the server's own import parser.
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { TEMPLATE_HEADERS, templateCsv } from '../../web/src/admin/csv'
import { csvCell, toCsv } from '../../web/src/ui/csv'

describe('admin CSV', () => {
  it('starts with a UTF-8 byte-order mark and ends lines with CRLF (Excel on Windows)', () => {
    const text = toCsv([['Dòng', 'Họ tên'], [2, 'Đinh Thị Hoa']])
    expect(text).toBe('\uFEFFDòng,Họ tên\r\n2,Đinh Thị Hoa\r\n')
  })

  it('quotes cells with commas, semicolons, quotes or line breaks, and reads back unchanged', () => {
    const rows = [
      ['Nguyễn Văn "Út"', 'a,b', 'x;y', 'hai\ndòng', 'thường'],
      ['', ' khoảng trắng ', 'k7mq-2xhp-9frt-bc3d', '1', 'Lý Sơn'],
    ]
    const text = toCsv(rows)
    expect(text).toContain('"Nguyễn Văn ""Út"""')
    const back = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false }) as string[][]
    expect(back).toEqual(rows)
  })

  it('defuses cells a spreadsheet would run as formulas', () => {
    for (const bad of ['=1+1', '+84 912', '-2', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(bad).replace(/^"/, '').startsWith("'")).toBe(true)
    expect(csvCell('k7mq-2xhp')).toBe('k7mq-2xhp') // a dash inside is fine
    expect(csvCell(42)).toBe('42')
  })

  // That the server accepts them is checked in test/browser/admin.test.ts, which imports the downloaded template.
  it('the template is the header line alone, in the documented order', () => {
    expect(templateCsv()).toBe('\uFEFFhọ tên,tên đăng nhập,vai trò,đơn vị\r\n')
    expect(templateCsv()).toBe(toCsv([TEMPLATE_HEADERS]))
  })
})
