import type { Currency } from '@/types/api'

/**
 * The ISO 4217 codes a project may keep its money in (the server's `Currency` enum, backend/models/project.py),
 * the most used first; typed against the generated client so a code the server does not know fails to compile.
 */
export const CURRENCIES: readonly Currency[] = [
  'EUR',
  'USD',
  'GBP',
  'CHF',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'RON',
  'TRY',
  'CAD',
  'AUD',
  'NZD',
  'JPY',
  'CNY',
  'KRW',
  'INR',
  'SGD',
  'HKD',
  'BRL',
  'MXN',
  'ZAR',
  'ILS',
  'AED',
  'SAR',
]

/** "EUR — Euro": the code with its name in the reader's language, for the currency picker. */
export function currencyLabel(code: Currency): string {
  const names = new Intl.DisplayNames(undefined, { type: 'currency' })
  return `${code} — ${names.of(code) ?? code}`
}
