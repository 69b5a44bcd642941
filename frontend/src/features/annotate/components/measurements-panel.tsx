import { useCallback, useSyncExternalStore } from 'react'
import type { Label } from '@/types/api'
import { formatMillilitres, millilitres } from '@/viewer/engine/label-volume'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'
import { useLabelVolumes } from '@/viewer/hooks/use-label-volumes'

/** Label volumes and ruler lengths, pushed by the engine (volumes while a stroke is painted, too). */
function useMeasurements(engine: ViewerEngine | null, ready: boolean) {
  const live = ready ? engine : null
  const volumes = useLabelVolumes(engine, ready)
  const lengths = useSyncExternalStore(
    useCallback((notify: () => void) => live?.on('measurements', notify) ?? (() => undefined), [live]),
    () => live?.getMeasurements() ?? NO_LENGTHS,
  )
  return { volumes, lengths }
}

const NO_LENGTHS: number[] = []

/** The side panel's measurements: each label's volume in ml, and the ruler lengths in mm. */
export function MeasurementsPanel(props: { engine: ViewerEngine | null; ready: boolean; labels: Label[] }) {
  const { engine, ready, labels } = props
  const { volumes, lengths } = useMeasurements(engine, ready)
  return (
    <section className="toolbar measurements" aria-label="Measurements" data-testid="measurements">
      <fieldset>
        <legend>Label volumes</legend>
        <ul className="measure-list">
          {labels.map((label) => {
            const voxels = volumes?.counts[label.value] ?? 0
            const ml = volumes ? millilitres(voxels, volumes.voxelMm3) : 0
            return (
              <li
                key={label.value}
                data-testid={`label-volume-${label.value}`}
                data-voxels={voxels}
                data-ml={ml}
                title={`${voxels} voxels × ${volumes?.voxelMm3.toFixed(3) ?? '–'} mm³`}
              >
                <span className="swatch" style={{ background: label.color }} aria-hidden="true" />
                {label.name}
                <span className="measure-value">{volumes ? `${formatMillilitres(ml)} ml` : '–'}</span>
              </li>
            )
          })}
        </ul>
      </fieldset>
      <fieldset>
        <legend>Ruler</legend>
        {lengths.length === 0 ? (
          <p className="muted" data-testid="ruler-empty">
            Choose Ruler (M) and drag across the image.
          </p>
        ) : (
          <ul className="measure-list" data-testid="ruler-lengths">
            {lengths.map((mm, index) => (
              <li key={index} data-testid="ruler-length">
                Line {index + 1}
                <span className="measure-value">{mm.toFixed(1)} mm</span>
              </li>
            ))}
          </ul>
        )}
        <button
          type="button"
          data-testid="ruler-clear"
          disabled={lengths.length === 0}
          onClick={() => engine?.clearMeasurements()}
        >
          Clear ruler lines
        </button>
      </fieldset>
    </section>
  )
}
