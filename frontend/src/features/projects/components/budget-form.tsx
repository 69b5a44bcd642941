import { type FormEvent, useState } from 'react'
import type { Project } from '@/types/api'
import { useUpdateBudget } from '../api/update-budget'

export function BudgetForm({ project }: { project: Project }) {
  const [cost, setCost] = useState(String(project.cost_per_patient))
  const [total, setTotal] = useState(String(project.budget_total))
  const update = useUpdateBudget(project.id)

  function submit(event: FormEvent) {
    event.preventDefault()
    update.mutate({ cost_per_patient: Number(cost), budget_total: Number(total) })
  }

  return (
    <form className="card inline-form" onSubmit={submit} aria-labelledby="budget-title">
      <h3 id="budget-title">Budget</h3>
      <label htmlFor="cost-per-patient">Cost per patient</label>
      <input
        id="cost-per-patient"
        type="number"
        min="0"
        step="0.01"
        required
        value={cost}
        onChange={(e) => setCost(e.target.value)}
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
