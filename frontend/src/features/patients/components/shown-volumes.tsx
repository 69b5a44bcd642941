import type { Label } from '@/types/api'
import { formatMillilitres, millilitres } from '@/viewer/engine/label-volume'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'
import { useLabelVolumes } from '@/viewer/hooks/use-label-volumes'

/** What the shown drawing holds, per label: voxels and millilitres, as the engine counts them after every load. */
export function ShownVolumes(props: { engine: ViewerEngine | null; ready: boolean; labels: Label[] }) {
  const { engine, ready, labels } = props
  const volumes = useLabelVolumes(engine, ready)
  return (
    <fieldset className="shown-volumes" data-testid="shown-volumes">
      <legend>In the shown mask</legend>
      <ul className="measure-list">
        {labels.map((label) => {
          const voxels = volumes?.counts[label.value] ?? 0
          const ml = volumes ? millilitres(voxels, volumes.voxelMm3) : 0
          return (
            <li
              key={label.value}
              data-testid={`shown-volume-${label.value}`}
              data-voxels={volumes ? voxels : undefined}
            >
              <span className="swatch" style={{ background: label.color }} aria-hidden="true" />
              {label.name}
              <span className="measure-value">
                {volumes ? `${voxels.toLocaleString()} voxels · ${formatMillilitres(ml)} ml` : '–'}
              </span>
            </li>
          )
        })}
      </ul>
    </fieldset>
  )
}
