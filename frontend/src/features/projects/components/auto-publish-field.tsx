/** Whether a finished round's selection goes straight to the queue or waits for the lead to approve it. */
export function AutoPublishField({
  id,
  checked,
  onChange,
}: {
  id: string
  checked: boolean
  onChange: (checked: boolean) => void
}) {
  return (
    <label htmlFor={id}>
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> Publish each
      round&apos;s selection to the queue at once (off: I approve it first)
    </label>
  )
}
