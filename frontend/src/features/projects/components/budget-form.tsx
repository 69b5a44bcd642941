import { type FormEvent, useState } from 'react'
import type { CostMode, Currency, Project } from '@/types/api'
import { useUpdateBudget } from '../api/update-budget'
import { CostFields } from './cost-fields'

/** The currency, how patients are priced (flat, by volume size or by predicted reading time) and the total budget;
 * every change is audited. */
export function BudgetForm({ project }: { project: Project }) {
  const [currency, setCurrency] = useState<Currency>(project.currency)
  const [mode, setMode] = useState<CostMode>(project.cost_mode)
  const [cost, setCost] = useState(String(project.cost_per_patient))
  const [perSlice, setPerSlice] = useState(String(project.cost_per_slice))
  const [perHour, setPerHour] = useState(String(project.cost_per_hour))
  const [total, setTotal] = useState(String(project.budget_total))
  const update = useUpdateBudget(project.id)

  /** Shows what the server stored (it may round); the form stays mounted so its "Budget saved." is seen. */
  function showSaved(saved: Project) {
    setCurrency(saved.currency)
    setMode(saved.cost_mode)
    setCost(String(saved.cost_per_patient))
    setPerSlice(String(saved.cost_per_slice))
    setPerHour(String(saved.cost_per_hour))
    setTotal(String(saved.budget_total))
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    update.mutate(
      {
        currency,
        cost_mode: mode,
        cost_per_patient: Number(cost),
        // Each rate is kept as stored while another pricing is chosen, so switching back restores it.
        ...(mode === 'volume' ? { cost_per_slice: Number(perSlice) } : {}),
        ...(mode === 'reading_time' ? { cost_per_hour: Number(perHour) } : {}),
        budget_total: Number(total),
      },
      { onSuccess: showSaved },
    )
  }

  return (
    <form className="card inline-form" onSubmit={submit} aria-labelledby="budget-title">
      <h3 id="budget-title">Budget</h3>
      <CostFields
        idPrefix=""
        currency={currency}
        onCurrency={setCurrency}
        mode={mode}
        onMode={setMode}
        cost={cost}
        onCost={setCost}
        perSlice={perSlice}
        onPerSlice={setPerSlice}
        perHour={perHour}
        onPerHour={setPerHour}
      />
      <label htmlFor="budget-total">Total budget</label>
      <input
        id="budget-total"
        type="number"
        min="0"
        step="0.01"
        required
        value={total}
        onChange={(e) => setTotal(e.target.value)}
      />
      <button type="submit" disabled={update.isPending}>
        Save budget
      </button>
      {update.error && (
        <p role="alert" className="error">
          {update.error.message}
        </p>
      )}
      {update.isSuccess && <p role="status">Budget saved.</p>}
    </form>
  )
}
