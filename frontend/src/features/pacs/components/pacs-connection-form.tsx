import { type FormEvent, useState } from 'react'
import { Link } from 'react-router'
import { useConnection, useDeleteConnection, useSaveConnection, useVerifyConnection } from '../api/connection'
import type { PacsAuth, PacsConnection } from '@/types/api'
import {
  AUTH_CHOICES,
  type ConnectionFields,
  connectionBody,
  connectionProblem,
  initialFields,
  keepsStoredSecret,
  type SecretAction,
  secretLabel,
} from '../utils/connection'

/**
 * The project's PACS (DICOMweb) endpoint: where studies are searched and imported from and where DICOM SEG results
 * are sent. The password or token is write-only: the page only learns whether one is stored.
 */
export function PacsConnectionCard({ projectId }: { projectId: string }) {
  const connection = useConnection(projectId)
  // Held here, not in the form: the form is re-keyed (reset) on every save, and the save's and the test's outcome
  // must survive that.
  const save = useSaveConnection(projectId)
  const verify = useVerifyConnection(projectId)
  return (
    <section className="card" aria-labelledby="pacs-title" data-testid="pacs-connection">
      <h3 id="pacs-title">PACS (DICOMweb)</h3>
      {connection.isPending && <p role="status">Loading the PACS connection…</p>}
      {connection.error && (
        <p role="alert" className="error">
          {connection.error.message}
        </p>
      )}
      {connection.data !== undefined && (
        <ConnectionForm
          // Re-keyed on what the server stored, so the form resets to it after a save or a removal.
          key={connection.data ? JSON.stringify(connection.data) : 'none'}
          projectId={projectId}
          saved={connection.data}
          save={save}
          verify={verify}
        />
      )}
    </section>
  )
}

function ConnectionForm({
  projectId,
  saved,
  save,
  verify,
}: {
  projectId: string
  saved: PacsConnection | null
  save: ReturnType<typeof useSaveConnection>
  verify: ReturnType<typeof useVerifyConnection>
}) {
  const [fields, setFields] = useState<ConnectionFields>(() => initialFields(saved))
  const [problem, setProblem] = useState<string | null>(null)
  const [dirty, setDirty] = useState(saved === null)
  const remove = useDeleteConnection(projectId)
  const busy = save.isPending || remove.isPending || verify.isPending

  const edit = (change: Partial<ConnectionFields>) => {
    setFields((current) => ({ ...current, ...change }))
    setDirty(true)
    verify.reset()
    save.reset()
  }

  /** Saves what the form says; resolves false when it was refused (the reason is shown). */
  async function store(): Promise<boolean> {
    const found = connectionProblem(fields, saved)
    setProblem(found)
    if (found !== null) return false
    try {
      await save.mutateAsync(connectionBody(fields, saved))
      return true
    } catch {
      return false
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    void store()
  }

  /** Tests what is saved; unsaved changes are saved first, so the test is of what the form shows. */
  async function test() {
    if (dirty && !(await store())) return
    verify.mutate()
  }

  const error = problem ?? save.error?.message ?? remove.error?.message ?? null
  return (
    <form className="pacs-form" onSubmit={submit} aria-describedby="pacs-hint">
      <p id="pacs-hint" className="muted">
        Studies are searched (QIDO-RS) and imported (WADO-RS) from this endpoint, and accepted labels are stored back in
        it as DICOM SEG (STOW-RS). The password or token is kept encrypted on the server and never shown again.
      </p>
      <div className="field-grid">
        <label htmlFor="pacs-base-url">Base URL</label>
        <input
          id="pacs-base-url"
          type="url"
          required
          placeholder="https://pacs.example.org/dicom-web"
          value={fields.baseUrl}
          onChange={(e) => edit({ baseUrl: e.target.value })}
        />
        <label htmlFor="pacs-auth">Authentication</label>
        <select id="pacs-auth" value={fields.auth} onChange={(e) => edit({ auth: e.target.value as PacsAuth })}>
          {AUTH_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        {fields.auth === 'basic' && (
          <>
            <label htmlFor="pacs-username">Username</label>
            <input
              id="pacs-username"
              autoComplete="off"
              value={fields.username}
              onChange={(e) => edit({ username: e.target.value })}
            />
          </>
        )}
        {fields.auth !== 'none' && (
          <SecretField
            auth={fields.auth}
            // A stored secret can be kept only under the kind of authentication it was stored for.
            canKeep={Boolean(saved?.has_secret) && saved?.auth === fields.auth}
            keeping={keepsStoredSecret(fields, saved)}
            value={fields.secret}
            onAction={(secretAction) => edit({ secretAction, secret: '' })}
            onValue={(secret) => edit({ secret })}
          />
        )}
        {fields.auth === 'none' && saved?.has_secret && (
          <p className="span-all muted" data-testid="pacs-secret-forgotten">
            The stored {secretLabel(saved.auth).toLowerCase()} is deleted when you save without authentication.
          </p>
        )}
        <label className="span-all" htmlFor="pacs-send-on-accept">
          <input
            id="pacs-send-on-accept"
            type="checkbox"
            checked={fields.sendOnAccept}
            onChange={(e) => edit({ sendOnAccept: e.target.checked })}
          />{' '}
          Send a DICOM SEG to this PACS whenever a patient&apos;s label is accepted
        </label>
      </div>
      <div className="form-row">
        <button type="submit" disabled={busy}>
          {save.isPending ? 'Saving…' : 'Save connection'}
        </button>
        <button type="button" disabled={busy} onClick={() => void test()} data-testid="pacs-verify">
          {verify.isPending ? 'Testing…' : dirty ? 'Save and test connection' : 'Test connection'}
        </button>
        {saved && (
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              if (window.confirm('Remove this project’s PACS connection? Its stored secret is deleted.'))
                remove.mutate(undefined, {
                  onSuccess: () => {
                    verify.reset()
                    save.reset()
                  },
                })
            }}
          >
            Remove connection
          </button>
        )}
        {saved && !dirty && (
          <Link to={`/projects/${encodeURIComponent(projectId)}/pacs`} data-testid="pacs-import-link">
            Import from PACS →
          </Link>
        )}
      </div>
      {verify.data && (
        <p
          role={verify.data.ok ? 'status' : 'alert'}
          className={verify.data.ok ? 'flash' : 'error'}
          data-testid="pacs-verify-result"
          data-ok={verify.data.ok}
        >
          {verify.data.ok ? 'Connected: ' : 'Connection failed: '}
          {verify.data.detail}
        </p>
      )}
      {verify.error && (
        <p role="alert" className="error" data-testid="pacs-verify-result" data-ok="false">
          {verify.error.message}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {save.isSuccess && !dirty && !verify.data && <p role="status">Connection saved.</p>}
    </form>
  )
}

/** Write-only: "stored" with a Replace button when the server holds one for this authentication, else an input. */
function SecretField({
  auth,
  canKeep,
  keeping,
  value,
  onAction,
  onValue,
}: {
  auth: PacsAuth
  canKeep: boolean
  keeping: boolean
  value: string
  onAction: (action: SecretAction) => void
  onValue: (value: string) => void
}) {
  const label = secretLabel(auth)
  if (keeping) {
    return (
      <>
        <span className="label">{label}</span>
        <span className="secret-state" data-testid="pacs-secret-state">
          <span className="badge">stored</span>
          <button type="button" onClick={() => onAction('replace')}>
            Replace
          </button>
          <span className="muted">(to remove it, choose None above)</span>
        </span>
      </>
    )
  }
  return (
    <>
      <label htmlFor="pacs-secret">{label}</label>
      <span className="secret-state">
        <input
          id="pacs-secret"
          type="password"
          autoComplete="new-password"
          value={value}
          placeholder={canKeep ? `new ${label.toLowerCase()}` : undefined}
          onChange={(e) => onValue(e.target.value)}
        />
        {canKeep && (
          <button type="button" onClick={() => onAction('keep')}>
            Keep stored
          </button>
        )}
      </span>
    </>
  )
}
