import { useEffect, useRef } from 'react'
import { HotkeyList } from './hotkey-list'

/** The `?` overlay: every hotkey in a modal dialog (Escape or the button closes it). */
export function HelpOverlay({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) dialog.showModal()
    if (!open && dialog.open) dialog.close()
  }, [open])
  return (
    <dialog
      ref={ref}
      className="help-overlay"
      data-testid="help-overlay"
      aria-labelledby="help-title"
      onClose={onClose}
    >
      <h2 id="help-title">Keyboard shortcuts</h2>
      <HotkeyList />
      <button type="button" onClick={onClose} autoFocus>
        Close
      </button>
    </dialog>
  )
}
