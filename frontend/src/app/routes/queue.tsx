import { useLocation } from 'react-router'
import { useProjects } from '@/features/projects/api/get-projects'
import { describeCost } from '@/features/projects/utils/cost'
import { useQueue } from '@/features/worklist/api/get-queue'
import { BudgetList } from '@/features/worklist/components/budget-list'
import { QueueTable } from '@/features/worklist/components/queue-table'

export interface QueueFlash {
  flash?: string
}

export function QueueRoute() {
  const queue = useQueue()
  const projects = useProjects()
  const flash = (useLocation().state as QueueFlash | null)?.flash
  const budgets = (projects.data ?? []).map((p) => ({
    id: p.id,
    name: p.name,
    remaining: p.budget_remaining,
    currency: p.currency,
    pricing: describeCost(p),
  }))
  return (
    <>
      <h1>Annotation queue</h1>
      {flash && (
        <p role="status" className="flash" data-testid="flash">
          {flash}
        </p>
      )}
      <BudgetList entries={budgets} />
      {queue.isPending && <p role="status">Loading queue…</p>}
      {queue.error && <p role="alert">{queue.error.message}</p>}
      {queue.data && <QueueTable items={queue.data} />}
    </>
  )
}
