import { describe, expect, it } from 'vitest'
import { describeBrowser, newPasswordProblem, passwordChangedMessage } from './account'

describe('newPasswordProblem', () => {
  it('asks for the server minimum, a matching confirmation and a change', () => {
    expect(newPasswordProblem('old password 1', 'short', 'short')).toMatch(/at least 12 characters \(it has 5\)/)
    expect(newPasswordProblem('old password 1', 'violet tram anchor', 'violet tram anchr')).toBe(
      'The two new passwords differ.',
    )
    expect(newPasswordProblem('violet tram anchor', 'violet tram anchor', 'violet tram anchor')).toMatch(/differ/)
    expect(newPasswordProblem('old password 1', 'violet tram anchor', 'violet tram anchor')).toBeNull()
  })
})

describe('passwordChangedMessage', () => {
  it('says how many other sessions ended', () => {
    expect(passwordChangedMessage(0)).toMatch(/no other sessions/)
    expect(passwordChangedMessage(1)).toMatch(/1 other session of yours ended/)
    expect(passwordChangedMessage(3)).toMatch(/3 other sessions of yours ended/)
  })
})

describe('describeBrowser', () => {
  it('names common browsers and their system', () => {
    expect(describeBrowser('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(
      'Firefox 128 on Windows',
    )
    expect(
      describeBrowser(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome (headless) 131 on Linux')
    expect(
      describeBrowser(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge 131 on Windows')
    expect(
      describeBrowser(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      ),
    ).toBe('Safari 17 on macOS')
    expect(
      describeBrowser(
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome 131 on Android')
  })

  it('shows scripts by their first word and says when nothing was sent', () => {
    expect(describeBrowser('Python-urllib/3.11')).toBe('Python-urllib/3.11')
    expect(describeBrowser('curl/8.5.0 extra')).toBe('curl/8.5.0')
    expect(describeBrowser(null)).toBe('unknown browser')
    expect(describeBrowser('   ')).toBe('unknown browser')
  })
})
