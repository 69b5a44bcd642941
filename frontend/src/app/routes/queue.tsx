import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { useLocation } from 'react-router'
import { useProjects } from '@/features/projects/api/get-projects'
import { describeCost } from '@/features/projects/utils/cost'
import { isRoundRunning } from '@/features/rounds/utils/round-status'
import { useQueue } from '@/features/worklist/api/get-queue'
import { BudgetList } from '@/features/worklist/components/budget-list'
import { QueueTable } from '@/features/worklist/components/queue-table'
import { ReturnedCases } from '@/features/worklist/components/returned-cases'
import { RunningRounds } from '@/features/worklist/components/running-rounds'
import { useNow } from '@/lib/use-now'
import type { Project } from '@/types/api'

/** Projects whose latest round is still on the worker, with that round. */
function runningRounds(projects: Project[] | undefined) {
  return (projects ?? []).flatMap((project) =>
    project.active_round && isRoundRunning(project.active_round.status)
      ? [{ project, round: project.active_round }]
      : [],
  )
}

/** The running rounds, polled every 5 s while there are any, with a clock for their elapsed time; the queue is
 * refreshed the moment one of them finishes rather than at its next 10-second poll. */
function useRunningRounds() {
  const projects = useProjects((data) => (runningRounds(data).length > 0 ? 5_000 : false))
  const running = runningRounds(projects.data)
  const queryClient = useQueryClient()
  const ids = running.map(({ round }) => round.id).join(',')
  const previous = useRef(ids)
  useEffect(() => {
    const finished = previous.current.split(',').some((id) => id !== '' && !ids.split(',').includes(id))
    previous.current = ids
    if (finished) void queryClient.invalidateQueries({ queryKey: ['queue'] })
  }, [ids, queryClient])
  const now = useNow(1_000, ids !== '')
  return { projects, running, now }
}

export interface QueueFlash {
  flash?: string
}

export function QueueRoute() {
  const queue = useQueue()
  const { projects, running, now } = useRunningRounds()
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
      <RunningRounds running={running} now={now} />
      <ReturnedCases />
      {queue.isPending && <p role="status">Loading queue…</p>}
      {queue.error && <p role="alert">{queue.error.message}</p>}
      {queue.data && <QueueTable items={queue.data} />}
    </>
  )
}
