// datetime-local inputs speak the browser's local time without a zone; the API speaks ISO 8601 instants.

/** An instant as a datetime-local value (YYYY-MM-DDTHH:mm) in the browser's zone; '' when unreadable. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A datetime-local value as an ISO instant; null when unreadable. */
export function fromLocalInput(value: string): string | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
