import { useEffect, useState } from 'react';
import { unwrap, type ApiClient } from '../api/client.ts';
import { ErrorMessage, Field } from '../ui/field.tsx';
import { useSubmit } from '../ui/use-submit.ts';

/** The member's tags (for segments), edited as a comma-separated list; the API lower-cases and dedupes them. */
export function MemberTags({ client, memberId, tags, onSaved }: { client: ApiClient; memberId: string; tags: readonly string[]; onSaved: () => void }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  // The saved tags as the API answered, shown at once rather than the old ones until the page reloads.
  const [saved, setSaved] = useState<readonly string[] | null>(null);
  useEffect(() => setSaved(null), [tags]);
  const { submit, error, busy } = useSubmit(async (key) => {
    const next = text.split(',').map((t) => t.trim()).filter(Boolean);
    const member = unwrap(await client.PATCH('/v1/members/{id}', { params: { path: { id: memberId } }, headers: { 'Idempotency-Key': key }, body: { tags: next } }));
    setSaved(member.tags);
    setEditing(false);
    onSaved();
  });
  if (!editing) {
    const shown = saved ?? tags;
    return (
      <div className="tags">
        {shown.length === 0 ? <span className="muted">No tags</span> : shown.map((tag) => <span key={tag} className="tag">{tag}</span>)}
        <button type="button" className="link" onClick={() => (setText(shown.join(', ')), setEditing(true))}>
          Edit tags
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={submit} aria-label="Edit tags">
      <Field label="Tags (comma separated)" value={text} onChange={(e) => setText(e.target.value)} autoFocus hint="Up to 20, e.g. vip, vegan." />
      <ErrorMessage>{error}</ErrorMessage>
      <div className="row">
        <button type="submit" disabled={busy}>
          Save tags
        </button>
        <button type="button" className="secondary" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
