import { formatMoney } from '@/lib/format'

export interface BudgetEntry {
  id: string
  name: string
  remaining: number
  /** The project's ISO 4217 code. */
  currency: string
  /** "€10.00 per patient" or "€2.00 per patient + €0.05 per slice" (see describeCost). */
  pricing: string
}

/** Remaining budget per project, so the radiologist sees how many more cases the project can pay for. */
export function BudgetList({ entries }: { entries: BudgetEntry[] }) {
  if (entries.length === 0) return null
  return (
    <section className="card" aria-labelledby="budget-list-title">
      <h2 id="budget-list-title">Remaining budget</h2>
      <ul className="budget-list">
        {entries.map((entry) => (
          <li key={entry.id} data-testid="budget-remaining" data-project-id={entry.id}>
            <strong>{entry.name}</strong>: {formatMoney(entry.remaining, entry.currency)} left ({entry.pricing})
          </li>
        ))}
      </ul>
    </section>
  )
}
