import type { ProjectDashboard, RandomCurve, RandomSimulation } from '@/types/api'

/** A simulation job still waiting for or running on a worker. */
export function isSimulationActive(simulation: RandomSimulation | null | undefined): boolean {
  return simulation?.status === 'queued' || simulation?.status === 'running'
}

/** The dashboard polls fast while a round or a simulation runs, so their progress moves on screen. */
export function dashboardIsBusy(board: ProjectDashboard | undefined): boolean {
  return Boolean(board?.running) || isSimulationActive(board?.simulation)
}

/** One line for the lead: where the simulation stands ("model 2 of 4 (4 patients, seed 1), epoch 3/20 · 37%"). */
export function simulationProgressText(simulation: RandomSimulation): string {
  if (simulation.status === 'queued') return 'Waiting for a worker…'
  const { done, total, n_labeled: n, seed, epoch, epochs, percent } = simulation.progress
  if (simulation.status !== 'running' || total === undefined || done === undefined) {
    return simulation.status === 'running' ? 'Starting…' : simulation.status
  }
  const model = `model ${Math.min(done + 1, total)} of ${total}`
  const what = n === undefined ? '' : ` (${n} patients, seed ${seed ?? 0})`
  const epochText = epoch !== undefined && epochs !== undefined ? `, epoch ${epoch}/${epochs}` : ''
  const pct = typeof percent === 'number' ? ` · ${Math.round(percent)}%` : ''
  return `Training ${model}${what}${epochText}${pct}`
}

/**
 * What the replay could not take from the rounds' records (rounds trained before Radloop recorded them), so the lead
 * knows the first point may not match exactly; empty when it replayed everything as recorded.
 */
export function replayCaveat(curve: RandomCurve): string {
  const approximated = [
    curve.initial_patients === 'approximated' && 'random initial patients',
    curve.validation_patients === 'approximated' && "today's validation patients",
  ].filter(Boolean)
  return approximated.length > 0
    ? `; older rounds did not record their patients, so it used ${approximated.join(' and ')}`
    : ''
}
