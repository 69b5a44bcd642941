import { describe, expect, it } from 'vitest'
import type { ProjectDashboard, RandomCurve, RandomSimulation } from '@/types/api'
import { dashboardIsBusy, isSimulationActive, replayCaveat, simulationProgressText } from './simulation'

const simulation = (overrides: Partial<RandomSimulation>): RandomSimulation => ({
  id: 's',
  status: 'running',
  progress: {},
  seeds: 2,
  sizes: [4, 6],
  created_at: '2026-11-25T10:00:00',
  started_at: '2026-11-25T10:00:01',
  finished_at: null,
  error: null,
  result: null,
  ...overrides,
})

describe('random baseline simulation', () => {
  it('is active while queued or running', () => {
    expect(isSimulationActive(simulation({ status: 'queued' }))).toBe(true)
    expect(isSimulationActive(simulation({ status: 'running' }))).toBe(true)
    expect(isSimulationActive(simulation({ status: 'succeeded' }))).toBe(false)
    expect(isSimulationActive(null)).toBe(false)
  })
  it('makes the dashboard poll fast while a round or a simulation runs', () => {
    const board = { running: false, simulation: null } as unknown as ProjectDashboard
    expect(dashboardIsBusy(board)).toBe(false)
    expect(dashboardIsBusy({ ...board, running: true })).toBe(true)
    expect(dashboardIsBusy({ ...board, simulation: simulation({ status: 'queued' }) })).toBe(true)
    expect(dashboardIsBusy(undefined)).toBe(false)
  })
  it('describes the progress in one line', () => {
    expect(simulationProgressText(simulation({ status: 'queued' }))).toBe('Waiting for a worker…')
    expect(simulationProgressText(simulation({}))).toBe('Starting…')
    expect(
      simulationProgressText(
        simulation({ progress: { done: 1, total: 4, n_labeled: 4, seed: 1, epoch: 3, epochs: 20, percent: 28.7 } }),
      ),
    ).toBe('Training model 2 of 4 (4 patients, seed 1), epoch 3/20 · 29%')
  })
})

describe('replay caveat', () => {
  const curve = (overrides: Partial<RandomCurve>): RandomCurve => ({
    points: [],
    seeds: 5,
    ground_truth: 8,
    skipped: [],
    initial_patients: 'recorded',
    validation_patients: 'recorded',
    ...overrides,
  })
  it('says nothing when every round was replayed as recorded', () => {
    expect(replayCaveat(curve({}))).toBe('')
  })
  it('names what older rounds did not record', () => {
    expect(replayCaveat(curve({ initial_patients: 'approximated', validation_patients: 'approximated' }))).toBe(
      "; older rounds did not record their patients, so it used random initial patients and today's validation patients",
    )
    expect(replayCaveat(curve({ validation_patients: 'approximated' }))).toBe(
      "; older rounds did not record their patients, so it used today's validation patients",
    )
  })
})
