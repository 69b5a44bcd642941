import type { MaskOption } from '../utils/mask-versions'

/** The drawings there are to look at (every stored version, the prediction, none), one shown at a time. */
export function MaskVersionList(props: {
  options: readonly MaskOption[]
  selected: MaskOption
  onSelect: (option: MaskOption) => void
}) {
  const { options, selected, onSelect } = props
  return (
    <fieldset className="mask-versions" data-testid="mask-versions">
      <legend>Mask versions</legend>
      <ul className="mask-version-list">
        {options.map((option) => (
          <li key={option.key}>
            <label data-testid="mask-version" data-mask={option.key}>
              <input
                type="radio"
                name="mask-version"
                value={option.key}
                checked={option.key === selected.key}
                onChange={() => onSelect(option)}
              />{' '}
              <strong>{option.label}</strong>
              <br />
              <span className="muted">{option.detail}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  )
}
