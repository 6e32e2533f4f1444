/** Text made safe inside HTML elements and quoted attributes: the five significant characters as numeric entities. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
