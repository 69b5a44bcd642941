import { useAssignableUsers } from '../api/members'

/**
 * Offered when a project is created: make every active radiologist a reader at once, so the first round's selection
 * reaches someone's queue without a trip to the Readers tab. Names them, so the lead knows who will see the cases.
 */
export function RadiologistsField({ checked, onChange }: { checked: boolean; onChange: (value: boolean) => void }) {
  const users = useAssignableUsers()
  const radiologists = (users.data ?? []).filter((user) => user.role === 'radiologist')
  const names = radiologists.map((user) => user.username).join(', ')
  return (
    <label htmlFor="new-assign-radiologists">
      <input
        id="new-assign-radiologists"
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />{' '}
      Assign all radiologists as readers
      {users.data && (
        <span className="muted" data-testid="radiologists-to-assign">
          {' '}
          ({radiologists.length === 0 ? 'none yet' : `${radiologists.length}: ${names}`})
        </span>
      )}
    </label>
  )
}
