import type { CostMode, Currency } from '@/types/api'
import { costFormula, DEFAULT_READING_MINUTES, TIMED_CASES_FOR_MODEL } from '../utils/cost'
import { CURRENCIES, currencyLabel } from '../utils/currency'

type Props = {
  /** Prefix for the inputs' ids, so two forms on one page keep unique labels. */
  idPrefix: string
  currency: Currency
  onCurrency: (currency: Currency) => void
  mode: CostMode
  onMode: (mode: CostMode) => void
  cost: string
  onCost: (value: string) => void
  perSlice: string
  onPerSlice: (value: string) => void
  perHour: string
  onPerHour: (value: string) => void
}

/**
 * Flat cost, cost by volume size or cost by predicted reading time, with the formula spelled out; shared by project
 * creation and the budget form.
 */
export function CostFields(props: Props) {
  const { idPrefix, currency, onCurrency, mode, onMode, cost, onCost, perSlice, onPerSlice, perHour, onPerHour } = props
  const formula = costFormula({
    currency,
    cost_mode: mode,
    cost_per_patient: Number(cost) || 0,
    cost_per_slice: Number(perSlice) || 0,
    cost_per_hour: Number(perHour) || 0,
  })
  return (
    <>
      <label htmlFor={`${idPrefix}currency`}>Currency</label>
      <select id={`${idPrefix}currency`} value={currency} onChange={(e) => onCurrency(e.target.value as Currency)}>
        {CURRENCIES.map((code) => (
          <option key={code} value={code}>
            {currencyLabel(code)}
          </option>
        ))}
      </select>
      <label htmlFor={`${idPrefix}cost-mode`}>Pricing</label>
      <select id={`${idPrefix}cost-mode`} value={mode} onChange={(e) => onMode(e.target.value as CostMode)}>
        <option value="flat">flat per patient</option>
        <option value="volume">by volume size</option>
        <option value="reading_time">by predicted reading time</option>
      </select>
      <label htmlFor={`${idPrefix}cost-per-patient`}>
        {mode === 'flat' ? 'Cost per patient' : 'Base cost per patient'}
      </label>
      <input
        id={`${idPrefix}cost-per-patient`}
        type="number"
        min="0"
        step="0.01"
        required
        value={cost}
        onChange={(e) => onCost(e.target.value)}
      />
      {mode === 'volume' && (
        <>
          <label htmlFor={`${idPrefix}cost-per-slice`}>Cost per slice</label>
          <input
            id={`${idPrefix}cost-per-slice`}
            type="number"
            min="0"
            step="0.01"
            required
            value={perSlice}
            onChange={(e) => onPerSlice(e.target.value)}
          />
        </>
      )}
      {mode === 'reading_time' && (
        <>
          <label htmlFor={`${idPrefix}cost-per-hour`}>Rate per hour of reading</label>
          <input
            id={`${idPrefix}cost-per-hour`}
            type="number"
            min="0"
            step="0.01"
            required
            aria-describedby={`${idPrefix}cost-per-hour-hint`}
            value={perHour}
            onChange={(e) => onPerHour(e.target.value)}
          />
        </>
      )}
      <p className="muted cost-formula" data-testid={`${idPrefix}cost-formula`}>
        {formula}
        {mode === 'reading_time' && (
          <span id={`${idPrefix}cost-per-hour-hint`}>
            {' '}
            The reading time is predicted from the project&apos;s timed annotations; until {TIMED_CASES_FOR_MODEL} cases
            are timed, a default applies to every case (the median timed read, or {DEFAULT_READING_MINUTES} minutes
            while none is timed).
          </span>
        )}
      </p>
    </>
  )
}
