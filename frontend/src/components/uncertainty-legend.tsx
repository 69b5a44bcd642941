/**
 * NiiVue's "warm" colour map, which the viewer paints the uncertainty overlay with (viewer-engine `setOverlay`), as
 * CSS stops: orange at its low end, yellow at its high end.
 */
const WARM_GRADIENT = 'linear-gradient(to right, rgb(255 127 0), rgb(255 196 0), rgb(255 254 0))'

/**
 * The key to the uncertainty overlay: what its colours mean. The overlay colours only this case's most uncertain
 * fifth of voxels (its 80th to 99.5th percentile), so the colours rank places within the case, not across cases.
 */
export function UncertaintyLegend() {
  return (
    <figure className="uncertainty-legend" data-testid="uncertainty-legend" aria-labelledby="uncertainty-legend-title">
      <figcaption id="uncertainty-legend-title">
        Uncertainty overlay <kbd>U</kbd>
      </figcaption>
      <div className="uncertainty-legend-bar" style={{ background: WARM_GRADIENT }} aria-hidden="true" />
      <div className="uncertainty-legend-ends">
        <span>unsure</span>
        <span>most unsure</span>
      </div>
      <p className="muted">
        Coloured: the fifth of this case&apos;s voxels the model is least sure about; uncoloured: the rest.
      </p>
    </figure>
  )
}
