// Strings of the officer's form that issue 9 added (offline pending count, changes from another device, the
// conflict's who and when). Kept apart from dict.ts so parallel work on the main dictionary merges cleanly.
const vi = {
  savePending: '{n} thay đổi đang chờ gửi — đã lưu trên máy, sẽ tự gửi khi có mạng',
  savePendingNone: 'Không có mạng — chưa có thay đổi nào cần gửi',
  saveConflict: 'Cần bạn chọn: bản đánh giá vừa được sửa ở nơi khác',
  remoteChanged: '{who} đã sửa {fields} lúc {when}. Màn hình đã được cập nhật.',
  remoteSomeone: 'Một thiết bị khác',
  remoteDismiss: 'Đã hiểu',
  conflictWho: '{who} đã lưu lúc {when}.',
}
export type OfficerMessageKey = keyof typeof vi

const en: Record<OfficerMessageKey, string> = {
  savePending: '{n} changes waiting to be sent — kept on this device, sent when online',
  savePendingNone: 'Offline — nothing waiting to be sent',
  saveConflict: 'Your choice is needed: the assessment was just changed elsewhere',
  remoteChanged: '{who} changed {fields} at {when}. The screen has been updated.',
  remoteSomeone: 'Another device',
  remoteDismiss: 'OK',
  conflictWho: '{who} saved at {when}.',
}

export const officerDictionaries = { vi, en }
