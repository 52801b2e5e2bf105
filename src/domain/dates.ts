/**
 * Whether a text is a calendar date written YYYY-MM-DD that exists (no 2023-02-30).
 * @param text - the text.
 * @returns true for an existing date in that form.
 */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
