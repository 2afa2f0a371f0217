import { describe, expect, it } from 'vitest'
import { passwordProblems } from '../../functions/src/auth/password-rules'
import { DEMO_PASSWORD } from '../../functions/src/seed'

const codes = (password: string, username = 'officer.sondung') => passwordProblems(password, username).map((p) => p.code)

describe('the policy for new passwords', () => {
  it('refuses the public demo password, runs, repeats and common words dressed up with digits', () => {
    for (const weak of [
      DEMO_PASSWORD,
      'abcdefghij',
      'ABCDEFGHIJK',
      'jihgfedcba',
      'qwertyuiop',
      '0123456789',
      '9876543210',
      'abcabcabcabc',
      'ababababab',
      'aaaaaaaaab',
      'matkhau2025!',
      '@admin20242024',
      'Password-2025',
      'xaso-2025-2026',
      '2025-12-04-99',
    ]) {
      expect(codes(weak), weak).toContain('too_common')
    }
  })

  it('refuses a password shorter than 10 characters or containing the username', () => {
    expect(codes('Ngắn quá')).toContain('too_short')
    expect(codes('officer.sondung!!')).toContain('contains_username')
    expect(codes('My officer.SonDung pw')).toContain('contains_username')
  })

  it('says so in Vietnamese first, with an English line', () => {
    const [problem] = passwordProblems('abcdefghij', 'someone')
    expect(problem?.field).toBe('newPassword')
    expect(problem?.message.vi).toBe('Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác')
    expect(problem?.message.en).toMatch(/too common/)
  })

  it('accepts ordinary passphrases, Vietnamese ones included', () => {
    for (const good of ['Sơn Mùa xanh mãi 2025', 'một mật khẩu tốt', 'Đường làng'.normalize('NFD'), 'correct horse battery staple', 'k7mq-2xhp-9frt-bc3d', '山路十八弯水长流不息啊']) {
      expect(codes(good), good).toEqual([])
    }
  })
})
