/** `dirty`, `saving` and `error` mean the drawing has changes the server does not have. */
export type SaveState = 'clean' | 'dirty' | 'saving' | 'saved' | 'error'

/** The part of the viewer engine the draft needs: its edits and its drawing. */
export interface DrawingSource {
  on(event: 'labelmapEdited', listener: () => void): () => void
  getLabelmap(): Promise<Uint8Array>
}

export interface DraftAutosaveOptions {
  /** False for a lead's correction: edits still count (the leave guard needs them) but no draft is written. */
  autosave: boolean
  /** Writes the drawing as the user's draft (with the active time at that moment). */
  write: (mask: Uint8Array) => Promise<unknown>
  onError: (message: string) => void
  /** Autosave this long after the last edit. */
  delayMs?: number
}

export const AUTOSAVE_DELAY_MS = 1500

export const isUnsaved = (state: SaveState): boolean => state === 'dirty' || state === 'saving' || state === 'error'

/**
 * Dirty tracking and autosave of one case's drawing, outside React: counts edits against what the server has,
 * saves a short while after the last edit, and knows when the user is leaving (submit, skip, correction) so nothing
 * is saved or guarded after that. A store (subscribe/getSnapshot) of its save state; every method is fixed per
 * instance, so the engine subscription made in `attach` lives as long as the case, whatever else re-renders.
 */
export class DraftAutosave {
  private editCount = 0
  private savedCount = 0
  private saving = false
  private leaving = false
  private hasDraft = false
  private timer: ReturnType<typeof setTimeout> | undefined
  private source: DrawingSource | null = null
  private state: SaveState = 'clean'
  private readonly listeners = new Set<() => void>()
  private readonly delayMs: number

  constructor(private readonly options: DraftAutosaveOptions) {
    this.delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  readonly getSnapshot = (): SaveState => this.state

  /** Follows the engine's edits; returns the unsubscribe. */
  attach(source: DrawingSource): () => void {
    this.source = source
    const off = source.on('labelmapEdited', this.edited)
    return () => {
      off()
      if (this.source === source) this.source = null
    }
  }

  readonly edited = (): void => {
    this.editCount += 1
    this.setState('dirty')
    if (this.options.autosave) this.schedule()
  }

  /** The case opened on the user's own saved draft: leaving it untouched must not give the case back. */
  readonly draftRestored = (): void => {
    this.hasDraft = true
  }

  /** Saves now if there are unsaved edits; edits made meanwhile are saved by a follow-up. */
  readonly saveNow = async (): Promise<void> => {
    const source = this.source
    if (!source || !this.options.autosave || this.saving || this.leaving) return
    const target = this.editCount
    if (target === this.savedCount) return
    this.saving = true
    this.setState('saving')
    try {
      await this.options.write(await source.getLabelmap())
      this.savedCount = Math.max(this.savedCount, target)
      this.hasDraft = true
      this.setState(this.editCount === this.savedCount ? 'saved' : 'dirty')
    } catch (error) {
      this.setState('error')
      this.options.onError(`Autosave failed: ${(error as Error).message}`)
    } finally {
      this.saving = false
    }
    if (this.editCount !== this.savedCount && !this.leaving) this.schedule()
  }

  /** Submitting, skipping or correcting: stop autosaving and let the leave guard wave the navigation through. */
  readonly leave = (): void => {
    clearTimeout(this.timer)
    this.leaving = true
  }

  /** The submit, skip or correction failed: the user stays and keeps working. */
  readonly stay = (): void => {
    this.leaving = false
  }

  /** The server has the drawing now (submitted or corrected). */
  readonly finished = (): void => this.setState('clean')

  readonly isLeaving = (): boolean => this.leaving

  /** Opened and left untouched (no edit, no draft, not submitted): the case may go straight back to the queue. */
  readonly untouched = (): boolean => !this.leaving && !this.hasDraft && this.editCount === 0

  dispose(): void {
    clearTimeout(this.timer)
  }

  private schedule(): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.saveNow(), this.delayMs)
  }

  private setState(state: SaveState): void {
    if (state === this.state) return
    this.state = state
    for (const listener of this.listeners) listener()
  }
}
