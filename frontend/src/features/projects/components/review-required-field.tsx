/**
 * Whether a reader's submission waits for a reviewer (the lead, an admin, or a radiologist marked reviewer) before it
 * is ground truth. A switch: it changes what every later submission of the project means.
 */
export function ReviewRequiredField({
  id,
  checked,
  onChange,
}: {
  id: string
  checked: boolean
  onChange: (checked: boolean) => void
}) {
  return (
    <>
      <label htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          role="switch"
          aria-describedby={`${id}-hint`}
          data-testid="review-required"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
        />{' '}
        Review masks before they count
      </label>
      <p id={`${id}-hint`} className="muted">
        On: a reader&apos;s submitted mask waits in the review queue until a reviewer accepts it (as it is or edited) or
        returns it with a comment; only accepted masks train rounds and enter exports. Reviewers are the leads, admins
        and the radiologists marked &ldquo;Reviewer&rdquo; under Readers. Turning it off leaves the cases already in
        review to their reviewers.
      </p>
    </>
  )
}
