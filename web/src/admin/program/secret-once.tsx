/** A secret the API returns once (an API key, a webhook signing secret): shown until dismissed, never again. */
export function SecretOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  return (
    <div className="card secret" role="status">
      <p>
        <strong>{label}</strong> — copy it now: it is shown only this once and cannot be read again.
      </p>
      <p>
        <code data-testid="secret">{value}</code>
      </p>
      <div className="row">
        <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(value)}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          I have stored it
        </button>
      </div>
    </div>
  );
}
