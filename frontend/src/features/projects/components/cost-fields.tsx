import type { CostMode } from '@/types/api'
import { costFormula } from '../utils/cost'

type Props = {
  /** Prefix for the inputs' ids, so two forms on one page keep unique labels. */
  idPrefix: string
  mode: CostMode
  onMode: (mode: CostMode) => void
  cost: string
  onCost: (value: string) => void
  perSlice: string
  onPerSlice: (value: string) => void
}

/** Flat cost or cost by volume size, with the formula spelled out; shared by project creation and the budget form. */
export function CostFields({ idPrefix, mode, onMode, cost, onCost, perSlice, onPerSlice }: Props) {
  const formula = costFormula({
    cost_mode: mode,
    cost_per_patient: Number(cost) || 0,
    cost_per_slice: Number(perSlice) || 0,
  })
  return (
    <>
      <label htmlFor={`${idPrefix}cost-mode`}>Pricing</label>
      <select id={`${idPrefix}cost-mode`} value={mode} onChange={(e) => onMode(e.target.value as CostMode)}>
        <option value="flat">flat per patient</option>
        <option value="volume">by volume size</option>
      </select>
      <label htmlFor={`${idPrefix}cost-per-patient`}>
        {mode === 'volume' ? 'Base cost per patient' : 'Cost per patient'}
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
      <p className="muted cost-formula" data-testid={`${idPrefix}cost-formula`}>
        {formula}
      </p>
    </>
  )
}
