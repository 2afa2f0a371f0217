import { For, Show } from 'solid-js'

/*
 * The printable list of recognised communes, laid out as the annex of a provincial decision (Nghị định 30/2020 style
 * header: issuing body and number on the left, national motto and place/date on the right). Vietnamese only: it
 * is an official document. Blank fields print as dotted leaders for a hand-written number or date. Each commune's
 * row carries the number and date of the decision it was recognised by (recognitions are made under different
 * decisions over a season); the header's number is the covering decision the annex is attached to.
 */

export type RecognisedRow = {
  no: number
  communeId: string
  /** Today's name. */
  communeName: string
  /** The name when it was recognised, if renamed since (printed under today's name). */
  nameAtRecognition?: string | null
  unitName: string
  points: number | null
  recognisedAt: string | null
  /** The recognition's own decision (each commune may have been recognised under a different one). */
  decisionNumber?: string | null
  /** yyyy-mm-dd */
  decisionDate?: string | null
}

export type PrintProps = {
  year: number
  provinceName: string
  decisionNumber: string
  /** yyyy-mm-dd or empty */
  decisionDate: string
  items: RecognisedRow[]
}

const DOTS = '……'

/** "ngày 05 tháng 7 năm 2025" (day padded, as administrative documents write it), dots when unknown. */
export function vietnameseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return `ngày ${DOTS} tháng ${DOTS} năm ${DOTS}`
  return `ngày ${m[3]} tháng ${Number(m[2])} năm ${m[1]}`
}

/** dd/mm/yyyy of an ISO timestamp, in Vietnam's time zone (the day the province decided). */
function shortDate(iso: string | null): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d)
}

/** dd/mm/yyyy of a calendar date yyyy-mm-dd. */
function calendarDate(date: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '')
  return m ? `${m[3]}/${m[2]}/${m[1]}` : ''
}

const points = (n: number | null) => (n === null ? '' : new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(n))

export function RecognisedPrint(props: PrintProps) {
  const number = () => `Số: ${props.decisionNumber.trim() || DOTS}/QĐ-UBND`
  const province = () => props.provinceName.toLocaleUpperCase('vi')
  return (
    <article class="print-doc" data-testid="recognised-print" lang="vi">
      <header class="print-head">
        <div class="print-head-left">
          <p class="print-org">ỦY BAN NHÂN DÂN</p>
          <p class="print-org print-strong">TỈNH {province()}</p>
          <p class="print-rule" aria-hidden="true" />
          <p data-testid="print-number">{number()}</p>
        </div>
        <div class="print-head-right">
          <p class="print-strong">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
          <p class="print-motto">Độc lập - Tự do - Hạnh phúc</p>
          <p class="print-rule" aria-hidden="true" />
          <p class="print-place" data-testid="print-date">
            {props.provinceName}, {vietnameseDate(props.decisionDate)}
          </p>
        </div>
      </header>
      <h2 class="print-title">
        DANH SÁCH XÃ ĐƯỢC CÔNG NHẬN
        <br />
        HOÀN THÀNH CHUYỂN ĐỔI SỐ NĂM {props.year}
      </h2>
      <p class="print-sub">
        (Kèm theo Quyết định {number().replace('Số: ', 'số ')} {vietnameseDate(props.decisionDate)} của Ủy ban nhân dân tỉnh {props.provinceName})
      </p>
      <table class="print-table">
        <thead>
          <tr>
            <th scope="col">STT</th>
            <th scope="col">Xã</th>
            <th scope="col">Đơn vị thẩm định</th>
            <th scope="col">Điểm</th>
            <th scope="col">Số quyết định</th>
            <th scope="col">Ngày quyết định</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.items}>
            {(it) => (
              <tr data-commune={it.communeId}>
                <td class="num">{it.no}</td>
                <td>
                  {it.communeName}
                  <Show when={it.nameAtRecognition}>
                    {(old) => (
                      <span class="print-former" data-testid="print-former-name">
                        <br />
                        (khi công nhận: {old()})
                      </span>
                    )}
                  </Show>
                </td>
                <td>{it.unitName}</td>
                <td class="num">{points(it.points)}</td>
                <td data-testid="print-decision-number">{it.decisionNumber ?? ''}</td>
                <td class="num" data-testid="print-decision-date">{it.decisionDate ? calendarDate(it.decisionDate) : shortDate(it.recognisedAt)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={props.items.length > 0}>
        <p class="print-total">Tổng cộng: {props.items.length} xã.</p>
      </Show>
    </article>
  )
}
