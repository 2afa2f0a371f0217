// Strings of the exports page (#/exports), Vietnamese first. Its own dictionary because the page is a lazy chunk
// that only administrators and reviewers load. The printed list itself is an annex of an official decision and
// is Vietnamese only (exports/recognised-print.tsx); these are the screen's controls around it.
const vi = {
  exportsTitle: 'Xuất dữ liệu',
  exportsIntro: 'Tải bảng điểm các bản tự đánh giá (giá trị và điểm của từng chỉ tiêu) và in danh sách xã được công nhận.',
  exportsYear: 'Năm đánh giá',
  exportsUnit: 'Phạm vi',
  exportsWholeProvince: 'Toàn tỉnh ({name})',
  exportsDownloadTitle: 'Tải bảng điểm',
  exportsDownloadHint:
    'Mở bằng Excel: chọn XLSX (điểm là số thật, có trang “Chú thích / Legend” giải thích từng cột). CSV (UTF-8 có BOM, phân cách bằng dấu phẩy, số thập phân dùng dấu chấm) dành cho các phần mềm khác.',
  exportsCsv: 'Tải CSV',
  exportsXlsx: 'Tải Excel (XLSX)',
  exportsDownloading: 'Đang chuẩn bị tệp…',
  exportsDownloaded: 'Đã tải xuống {file}.',
  exportsFailed: 'Không tải được tệp: {message}',
  exportsYearInvalid: 'Năm phải là số từ 2000 đến 2100.',
  recognisedTitle: 'Danh sách xã được công nhận',
  recognisedHint: 'Nhập số và ngày quyết định rồi bấm In. Bản in khổ A4, tiêu đề bảng lặp lại trên mỗi trang.',
  recognisedNumber: 'Số quyết định (phần trước “/QĐ-UBND”)',
  recognisedDate: 'Ngày quyết định',
  recognisedPrint: 'In danh sách',
  recognisedEmpty: 'Chưa có xã nào được công nhận trong năm {year} ở phạm vi này.',
  recognisedCount: '{n} xã được công nhận',
}

export type ExportKey = keyof typeof vi

const en: Record<ExportKey, string> = {
  exportsTitle: 'Exports',
  exportsIntro: 'Download the assessments’ scores (every indicator’s value and points) and print the list of recognised communes.',
  exportsYear: 'Assessment year',
  exportsUnit: 'Scope',
  exportsWholeProvince: 'Whole province ({name})',
  exportsDownloadTitle: 'Download scores',
  exportsDownloadHint:
    'For Excel choose XLSX (points are real numbers; a “Chú thích / Legend” sheet explains each column). The CSV (UTF-8 with BOM, comma-separated, decimal point) is for other software.',
  exportsCsv: 'Download CSV',
  exportsXlsx: 'Download Excel (XLSX)',
  exportsDownloading: 'Preparing the file…',
  exportsDownloaded: 'Downloaded {file}.',
  exportsFailed: 'The file could not be downloaded: {message}',
  exportsYearInvalid: 'The year must be a number from 2000 to 2100.',
  recognisedTitle: 'List of recognised communes',
  recognisedHint: 'Type the decision’s number and date, then Print. A4 pages; the table header repeats on every page. The printed list is in Vietnamese (an annex of an official decision).',
  recognisedNumber: 'Decision number (the part before “/QĐ-UBND”)',
  recognisedDate: 'Decision date',
  recognisedPrint: 'Print the list',
  recognisedEmpty: 'No commune was recognised in {year} in this scope yet.',
  recognisedCount: '{n} communes recognised',
}

export const exportDictionaries = { vi, en }
